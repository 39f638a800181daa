import { AppError } from '../common/errors/app-error';

/**
 * The bounds of one call to a provider: `idleMs` without a sign of life (the answer, or the next
 * piece of a stream) or `maxMs` in all aborts it, and so does the caller going away. `signal` is
 * what the provider is given; `timedOut` tells a timeout from a departure.
 */
export class UpstreamDeadline {
  private readonly controller = new AbortController();
  private idleTimer?: NodeJS.Timeout;
  private readonly maxTimer: NodeJS.Timeout;
  private expiredAfterMs?: number;
  private readonly onCallerGone = () => this.controller.abort();

  constructor(
    private readonly idleMs: number,
    private readonly maxMs: number,
    private readonly callerGone: AbortSignal,
  ) {
    this.maxTimer = setTimeout(() => this.expire(maxMs), maxMs);
    this.touch();
    if (callerGone.aborted) this.controller.abort();
    else callerGone.addEventListener('abort', this.onCallerGone, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.expiredAfterMs !== undefined;
  }

  /** The provider showed a sign of life. */
  touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.expire(this.idleMs), this.idleMs);
  }

  /** What a failure of the call means to the client, now that it is known why it failed. */
  explain(error: unknown): unknown {
    if (this.expiredAfterMs === undefined) return error;
    return new AppError(
      'upstream_timeout',
      this.expiredAfterMs === this.maxMs
        ? `The assistant's reply took longer than ${this.maxMs} ms`
        : `The assistant's provider gave no sign of life for ${this.idleMs} ms`,
    );
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.callerGone.removeEventListener('abort', this.onCallerGone);
  }

  private expire(afterMs: number): void {
    this.expiredAfterMs ??= afterMs;
    this.controller.abort();
  }
}
