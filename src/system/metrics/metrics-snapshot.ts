import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { Clock } from '../../common/clock/clock';

/** Scrapers poll every 10-60 s; a second-old rendering tells them the same. */
export const METRICS_SNAPSHOT_TTL_MS = 1000;

/**
 * The Prometheus text, rendered at most about once a second however often /metrics is asked:
 * a render walks every metric and its label sets, so 100 requests must not cost 100 renders.
 * Requests that arrive while a render is running wait for that one.
 */
@Injectable()
export class MetricsSnapshot {
  private latest?: { startedAt: number; text: Promise<string> };

  constructor(private readonly clock: Clock) {}

  get contentType(): string {
    return register.contentType;
  }

  render(): Promise<string> {
    const now = this.clock.nowMs();
    if (this.latest && now - this.latest.startedAt < METRICS_SNAPSHOT_TTL_MS) {
      return this.latest.text;
    }
    const entry = { startedAt: now, text: register.metrics() };
    this.latest = entry;
    // A failed render is not served again to the next scrapers; they get a fresh attempt.
    entry.text.catch(() => {
      if (this.latest === entry) this.latest = undefined;
    });
    return entry.text;
  }
}
