import type { Logger } from '@nestjs/common';
import type { Observable, Subscription } from 'rxjs';

/**
 * Calls `tick` every `interval$` milliseconds, re-armed at once when the interval changes (a
 * runtime setting), so a shorter interval applies without waiting out the longer one. The timer is
 * unref'd: it never keeps the process alive on its own. A throwing tick is logged, not fatal.
 */
export class IntervalTicker {
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;

  constructor(
    private readonly interval$: Observable<number>,
    private readonly tick: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.subscription) return;
    this.subscription = this.interval$.subscribe((intervalMs) => this.arm(intervalMs));
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private arm(intervalMs: number): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.safeTick(), intervalMs);
    this.timer.unref();
  }

  private safeTick(): void {
    try {
      this.tick();
    } catch (error) {
      this.logger.error(
        { error: error instanceof Error ? error.message : String(error) },
        'Fleet tick failed',
      );
    }
  }
}
