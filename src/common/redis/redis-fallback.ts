import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** After Redis failed to answer, how long to count locally before asking it again. */
const RETRY_AFTER_FAILURE_MS = 1000;

/**
 * Runs an operation in Redis or, when Redis cannot answer now, its in-memory counterpart.
 *
 * Why fail open to memory rather than closed: the limits exist to slow abuse, not to gate the
 * service, and nothing in Redis is the source of truth. Refusing every request while Redis is down
 * would lock operators out of a rover (and out of signing in) because a cache is away; counting in
 * this instance's memory keeps every limit in force on every instance, and at worst lets a caller
 * spread across N instances have N times the budget until Redis is back. A disconnected client is
 * skipped at once (no command is queued); a Redis that stalls costs one command timeout, then is
 * left alone for RETRY_AFTER_FAILURE_MS, so an outage never adds a timeout to every request.
 */
export class RedisFallback {
  private retryAt = 0;
  private local = false;

  constructor(
    private readonly client: Redis,
    /** What is counted, for the log: "rate limits", "login failures". */
    private readonly what: string,
    private readonly logger: Logger,
  ) {}

  async run<T>(shared: (client: Redis) => Promise<T>, local: () => T | Promise<T>): Promise<T> {
    if (this.client.status !== 'ready' || performance.now() < this.retryAt) {
      this.fellBack('Redis is not connected');
      return local();
    }
    try {
      const result = await shared(this.client);
      if (this.local) {
        this.local = false;
        this.logger.log(`${this.what} are shared in Redis again`);
      }
      return result;
    } catch (error) {
      this.retryAt = performance.now() + RETRY_AFTER_FAILURE_MS;
      this.fellBack(error instanceof Error ? error.message : String(error));
      return local();
    }
  }

  private fellBack(why: string): void {
    if (this.local) return;
    this.local = true;
    this.logger.warn(
      `${this.what} are counted by this instance alone until Redis answers (${why})`,
    );
  }
}
