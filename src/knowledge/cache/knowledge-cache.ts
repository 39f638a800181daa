import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { Clock } from '../../common/clock/clock';
import { RedisConnection } from '../../common/redis/redis-connection';

export const KNOWLEDGE_CACHE_METRIC = makeCounterProvider({
  name: 'knowledge_cache_lookups_total',
  help: 'Knowledge list and search lookups by outcome (hit, miss, or error when Redis failed)',
  labelNames: ['outcome'],
});

/** An entry outlives no write (see invalidate); the TTL bounds what a lost invalidation can cost. */
export const KNOWLEDGE_CACHE_TTL_MS = 60_000;
const MEMORY_MAX_ENTRIES = 1000;
const GENERATION_KEY = 'knowledge:cache:generation';
const ENTRY_PREFIX = 'knowledge:cache:entry:';

/**
 * Reads the generation and the entry of that generation in one round trip. Keys are built from
 * KEYS[2], which ioredis has prefixed, so they stay in this deployment's namespace.
 */
const READ_SCRIPT = `
local generation = redis.call('GET', KEYS[1]) or '0'
return { generation, redis.call('GET', KEYS[2] .. generation .. ':' .. ARGV[1]) }
`;

interface MemoryEntry {
  value: unknown;
  expiresAt: number;
}

/**
 * The parts and documents lists and the search results, cached in memory or, with REDIS_URL, in
 * Redis so that every instance sees a write at once. Every entry belongs to a generation, and a
 * write moves the generation on: entries of an older one are never read again. A load that was
 * running while a write happened stores its result under the generation it started in, so it
 * cannot bring back what the write replaced. With Redis down, lookups go to the database.
 */
@Injectable()
export class KnowledgeCache {
  private readonly logger = new Logger('KnowledgeCache');
  private readonly memory = new Map<string, MemoryEntry>();
  private memoryGeneration = 0;
  private redisFailing = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly clock: Clock,
    @InjectMetric('knowledge_cache_lookups_total') private readonly lookups: Counter<string>,
  ) {}

  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.redis.commands ? this.viaRedis(key, load) : this.viaMemory(key, load);
  }

  /** After every write to parts or documents. */
  async invalidate(): Promise<void> {
    this.memoryGeneration += 1;
    this.memory.clear();
    const client = this.redis.commands;
    if (!client) return;
    try {
      await client.incr(GENERATION_KEY);
      this.redisRecovered();
    } catch (error) {
      this.redisFailed(error);
    }
  }

  private async viaMemory<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.nowMs();
    const entry = this.memory.get(key);
    if (entry && entry.expiresAt > now) {
      // Re-inserting keeps the Map in least-recently-used order for the eviction below.
      this.memory.delete(key);
      this.memory.set(key, entry);
      this.lookups.inc({ outcome: 'hit' });
      return entry.value as T;
    }
    this.lookups.inc({ outcome: 'miss' });
    const generation = this.memoryGeneration;
    const value = await load();
    if (generation === this.memoryGeneration) {
      this.memory.delete(key);
      this.memory.set(key, { value, expiresAt: now + KNOWLEDGE_CACHE_TTL_MS });
      if (this.memory.size > MEMORY_MAX_ENTRIES) {
        this.memory.delete(this.memory.keys().next().value as string);
      }
    }
    return value;
  }

  private async viaRedis<T>(key: string, load: () => Promise<T>): Promise<T> {
    const client = this.redis.commands!;
    const digest = createHash('sha256').update(key).digest('base64url');
    let generation: string;
    try {
      const [current, cached] = (await client.eval(
        READ_SCRIPT,
        2,
        GENERATION_KEY,
        ENTRY_PREFIX,
        digest,
      )) as [string, string | null];
      this.redisRecovered();
      if (cached !== null) {
        this.lookups.inc({ outcome: 'hit' });
        return JSON.parse(cached) as T;
      }
      generation = current;
    } catch (error) {
      this.redisFailed(error);
      this.lookups.inc({ outcome: 'error' });
      return load();
    }
    this.lookups.inc({ outcome: 'miss' });
    const value = await load();
    client
      .set(
        `${ENTRY_PREFIX}${generation}:${digest}`,
        JSON.stringify(value),
        'PX',
        KNOWLEDGE_CACHE_TTL_MS,
      )
      .catch((error: unknown) => this.redisFailed(error));
    return value;
  }

  private redisFailed(error: unknown): void {
    if (this.redisFailing) return;
    this.redisFailing = true;
    this.logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'Redis is not answering: knowledge lists and search are read from the database uncached',
    );
  }

  private redisRecovered(): void {
    if (!this.redisFailing) return;
    this.redisFailing = false;
    this.logger.log('Redis answers again: knowledge lists and search are cached');
  }
}
