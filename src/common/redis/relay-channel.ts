import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RedisConnection, RedisPubSub } from './redis-connection';

/**
 * One named channel on the relay pair, for notices every other instance must hear (auth changes,
 * catalogue changes): JSON messages stamped with this instance's origin, so that its own come back
 * to it ignored; messages over `maxBytes`, not JSON or not objects are dropped unread.
 */
export class RelayChannel {
  private readonly origin = randomUUID();

  private constructor(
    private readonly pubSub: RedisPubSub,
    private readonly channel: string,
  ) {}

  /** Subscribes; undefined without REDIS_URL. A failed subscription is logged, never thrown. */
  static async open(
    redis: RedisConnection,
    name: string,
    logger: Logger,
    maxBytes: number,
    onMessage: (message: Record<string, unknown>) => void,
  ): Promise<RelayChannel | undefined> {
    const pubSub = await redis.openRelay();
    if (!pubSub) return undefined;
    const relay = new RelayChannel(pubSub, `${pubSub.channelPrefix}:${name}`);
    pubSub.subscriber.on('messageBuffer', (channel: Buffer, raw: Buffer) => {
      if (channel.toString() !== relay.channel || raw.length > maxBytes) return;
      const message = parseObject(raw);
      if (message && message.origin !== relay.origin) onMessage(message);
    });
    pubSub.subscriber.subscribe(relay.channel).catch((error: Error) => {
      logger.warn(`cannot subscribe to ${relay.channel} (${error.message})`);
    });
    return relay;
  }

  /** Resolves once Redis has the message; rejects when it cannot take it. */
  async publish(message: Record<string, unknown>): Promise<void> {
    await this.pubSub.publisher.publish(
      this.channel,
      JSON.stringify({ origin: this.origin, ...message }),
    );
  }
}

function parseObject(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
