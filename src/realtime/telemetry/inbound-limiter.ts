/**
 * A per-socket token bucket for inbound events: a socket may send `burst` events at once and
 * `perSecond` sustained. One chatty client is refused on its own socket; everyone else's events,
 * and the same user's other sockets, are untouched.
 */
export class InboundLimiter {
  private tokens: number;
  private refilledAtMs: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.refilledAtMs = nowMs;
  }

  /** Takes one token; false when the socket is over its rate. */
  take(nowMs: number): boolean {
    const elapsedS = Math.max(0, nowMs - this.refilledAtMs) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsedS * this.perSecond);
    this.refilledAtMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until the next token. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
  }
}
