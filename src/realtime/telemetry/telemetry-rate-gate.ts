/**
 * How many frames may go out back to back after a stall. Two lines that a busy event loop reads
 * in one go are both on time; a longer backlog is old news and the newest frame speaks for it.
 */
const BURST_FRAMES = 2;

/**
 * Holds the `telemetry` broadcast to the configured rate with a token bucket. A plain "at least
 * one interval since the last frame" gate drops the second of two frames that arrive together
 * after a stall, although the pair is on schedule on average; the bucket lets it through.
 */
export class TelemetryRateGate {
  private allowance = BURST_FRAMES;
  private lastMs: number | null = null;

  constructor(private hz: number) {}

  set rateHz(hz: number) {
    this.hz = hz;
  }

  /** Whether a frame arriving at `nowMs` goes out; counts it if so. */
  admit(nowMs: number): boolean {
    if (this.lastMs !== null) {
      const elapsed = Math.max(0, nowMs - this.lastMs);
      this.allowance = Math.min(BURST_FRAMES, this.allowance + (elapsed * this.hz) / 1000);
    }
    this.lastMs = nowMs;
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }
}
