import type { Logger } from '@nestjs/common';
import type { Observable, Subscription } from 'rxjs';
import type { Clock } from '../clock/clock';
import type { RedisConnection, RedisPubSub } from './redis-connection';

export interface RedisMirrorOptions<T> {
  /** The channel's name after the relay's prefix. */
  channel: string;
  /** A value older than this says nothing: its publisher is gone, or Redis is. */
  staleMs: number;
  /** Larger messages are dropped unread. */
  maxBytes: number;
  /** Checks a message's JSON; undefined drops it. */
  parse: (value: unknown) => T | undefined;
}

/** The instance whose value is mirrored: what to send, and when. */
export interface MirrorSource<T> {
  value: () => T | undefined;
  when: Observable<unknown>;
}

/**
 * One value kept in step across instances through the relay's Redis pub/sub: the instance that
 * holds it publishes it (`publish`), every other one keeps the latest it received (`follow`) and
 * forgets it once it is `staleMs` old. Sending is fire and forget: the next message replaces a lost
 * one, and nothing waits on it.
 */
export class RedisMirror<T> {
  private pubSub?: RedisPubSub;
  private subscription?: Subscription;
  private received?: { value: T; atMs: number };

  constructor(
    private readonly options: RedisMirrorOptions<T>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private get channel(): string {
    return `${this.pubSub?.channelPrefix}:${this.options.channel}`;
  }

  async publish(redis: RedisConnection, source: MirrorSource<T>): Promise<void> {
    this.pubSub = await redis.openRelay();
    const pubSub = this.pubSub;
    if (!pubSub) return;
    this.subscription = source.when.subscribe(() => {
      const value = source.value();
      if (value === undefined) return;
      pubSub.publisher.publish(this.channel, JSON.stringify(value)).catch(() => undefined);
    });
  }

  async follow(redis: RedisConnection): Promise<void> {
    this.pubSub = await redis.openRelay();
    const pubSub = this.pubSub;
    if (!pubSub) return;
    pubSub.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      if (channel.toString() === this.channel) this.receive(message);
    });
    pubSub.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`cannot subscribe to ${this.channel} (${error.message})`);
    });
  }

  /** The latest value received, unless it is stale. */
  get latest(): T | undefined {
    const received = this.received;
    if (!received || this.clock.nowMs() - received.atMs > this.options.staleMs) return undefined;
    return received.value;
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  private receive(raw: Buffer): void {
    if (raw.length > this.options.maxBytes) return;
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return;
    }
    const value = this.options.parse(json);
    if (value !== undefined) this.received = { value, atMs: this.clock.nowMs() };
  }
}
