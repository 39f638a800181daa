import { AppError } from '../../common/errors/app-error';

/**
 * A bounded queue for toolchain jobs: `running` at once, `queued` more waiting; past that a job is
 * refused at once (429) instead of piling up behind the compiler.
 */
export class JobSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxQueued: number,
  ) {}

  /** A job started now would wait (or be refused). */
  get full(): boolean {
    return this.running >= this.maxRunning;
  }

  get busy(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.maxRunning) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(
        new AppError(
          'rate_limited',
          `${this.running} toolchain jobs are running and ${this.waiting.length} waiting; try again shortly`,
          undefined,
          { 'Retry-After': '5' },
        ),
      );
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
