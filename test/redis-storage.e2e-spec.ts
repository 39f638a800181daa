import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisConnection } from '../src/common/redis/redis-connection';
import { type FailureCounter, localFailureCounter } from '../src/common/throttling/failure-counter';
import { FailureWindows } from '../src/common/throttling/failure-windows';
import { FixedWindowThrottlerStorage } from '../src/common/throttling/fixed-window.storage';
import { RedisFailureWindows } from '../src/common/throttling/redis-failure-windows';
import { RedisFixedWindowStorage } from '../src/common/throttling/redis-fixed-window.storage';
import { AppConfig } from '../src/config/app-config';
import { validateEnv } from '../src/config/env.schema';
import { describeWithRedis, TestRedis } from './helpers/test-redis';

/**
 * The Lua windows against a real Redis, through the app's own connection settings. Windows are
 * short (Redis keeps its own time; there is no clock to pin), with margins of 100 ms or more.
 */
describeWithRedis('Redis-backed limit windows (Lua, real Redis)', () => {
  let redis: TestRedis;
  const connections: RedisConnection[] = [];
  const locals: FixedWindowThrottlerStorage[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    redis = await TestRedis.claim();
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.onApplicationShutdown()));
    for (const local of locals.splice(0)) local.onApplicationShutdown();
    await redis.flush();
  });
  afterAll(() => redis?.release());

  /** A commands connection exactly as the app opens it. */
  async function connect(url = redis.url()): Promise<Redis> {
    const connection = new RedisConnection(
      new AppConfig(validateEnv({ NODE_ENV: 'test', REDIS_URL: url })),
    );
    connections.push(connection);
    await connection.onModuleInit();
    return connection.commands as Redis;
  }

  async function storage(url?: string): Promise<RedisFixedWindowStorage> {
    const local = new FixedWindowThrottlerStorage();
    locals.push(local);
    return new RedisFixedWindowStorage(await connect(url), local);
  }

  describe(RedisFixedWindowStorage.name, () => {
    it('should allow `limit` hits in a window and block the next one until the window ends', async () => {
      const store = await storage();
      const hit = () => store.increment('user:1', 600, 3, 0, 'default');
      for (let i = 1; i <= 3; i++) {
        expect(await hit()).toMatchObject({ totalHits: i, isBlocked: false, timeToExpire: 1 });
      }
      expect(await hit()).toEqual({
        totalHits: 4,
        isBlocked: true,
        timeToExpire: 1,
        timeToBlockExpire: 1,
      });
      await sleep(700);
      expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('should report whole seconds left, as the in-memory storage does', async () => {
      const store = await storage();
      await store.increment('ip:1', 60_000, 1, 0, 'default');
      const blocked = await store.increment('ip:1', 60_000, 1, 0, 'default');
      expect(blocked).toEqual({
        totalHits: 2,
        isBlocked: true,
        timeToExpire: 60,
        timeToBlockExpire: 60,
      });
    });

    it('should count each key on its own', async () => {
      const store = await storage();
      for (let i = 0; i < 4; i++) await store.increment('user:1', 60_000, 3, 0, 'default');
      expect(await store.increment('user:2', 60_000, 3, 0, 'default')).toMatchObject({
        totalHits: 1,
        isBlocked: false,
      });
    });

    it('should not count blocked hits, so hammering does not extend the block', async () => {
      const store = await storage();
      const hit = () => store.increment('user:1', 500, 3, 0, 'default');
      for (let i = 0; i < 10; i++) await hit();
      await sleep(600);
      expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('should hold a block for blockDuration when one is given, past the end of the window', async () => {
      const store = await storage();
      const hit = () => store.increment('ip:1', 200, 1, 1000, 'login');
      expect((await hit()).isBlocked).toBe(false);
      expect((await hit()).isBlocked).toBe(true);
      await sleep(500); // the window has ended, the block has not
      expect((await hit()).isBlocked).toBe(true);
      await sleep(700);
      expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('should keep one hash per throttler key under rmc:throttle:, expiring with its window', async () => {
      const store = await storage();
      await store.increment('default:user:42', 60_000, 5, 0, 'default');
      const window = await redis.client.hgetall('rmc:throttle:default:user:42');
      expect(window).toEqual({
        hits: '1',
        expiresAt: expect.stringMatching(/^\d{13}$/),
        blockedUntil: '0',
      });
      const pttl = await redis.client.pttl('rmc:throttle:default:user:42');
      expect(pttl).toBeGreaterThan(59_000);
      expect(pttl).toBeLessThanOrEqual(60_000);
    });

    it('should let exactly `limit` of many concurrent hits from two instances through', async () => {
      const [a, b] = await Promise.all([storage(), storage()]);
      const hits = Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? a : b).increment('user:race', 60_000, 50, 0, 'default'),
      );
      const results = await Promise.all(hits);
      expect(results.filter((r) => !r.isBlocked)).toHaveLength(50);
      // Refused hits are not counted: the window holds the 50 admitted and the first refusal.
      expect(await redis.client.hget('rmc:throttle:user:race', 'hits')).toBe('51');
    });

    it('should load its script again after Redis forgot it (SCRIPT FLUSH, a restart)', async () => {
      const store = await storage();
      await store.increment('user:1', 60_000, 5, 0, 'default');
      await redis.client.script('FLUSH');
      expect(await store.increment('user:1', 60_000, 5, 0, 'default')).toMatchObject({
        totalHits: 2,
      });
    });

    it('should count in memory, still enforcing the limit, when Redis is not reachable', async () => {
      const store = await storage('redis://127.0.0.1:1/0');
      const started = performance.now();
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await store.increment('user:1', 60_000, 3, 0, 'x'));
      expect(results.map((r) => r.isBlocked)).toEqual([false, false, false, true]);
      expect(performance.now() - started).toBeLessThan(100); // no waiting on the dead connection
    });
  });

  describe(RedisFailureWindows.name, () => {
    async function counter(url?: string): Promise<RedisFailureWindows> {
      const windows = new FailureWindows(600);
      const local: FailureCounter = localFailureCounter(windows, () => Date.now());
      return new RedisFailureWindows(await connect(url), 600, local);
    }
    const alice = (limit = 3) => [{ key: 'user:alice', limit }];

    it('should admit and count until `limit` failures, then refuse without counting until the window ends', async () => {
      const failures = await counter();
      for (let i = 0; i < 3; i++) expect((await failures.admit(alice())).admitted).toBe(true);
      for (let i = 0; i < 5; i++) {
        expect(await failures.admit(alice())).toEqual({ admitted: false, retryAfterSeconds: 1 });
      }
      expect(await redis.client.hget('rmc:login-failures:user:alice', 'count')).toBe('3');
      await sleep(700);
      expect((await failures.admit(alice())).admitted).toBe(true);
    });

    it('should refuse when any key is at its limit, and then count none of them', async () => {
      const failures = await counter();
      const ip = { key: 'ip:10.0.0.1', limit: 2 };
      await failures.admit([{ key: 'user:a', limit: 9 }, ip]);
      await failures.admit([{ key: 'user:b', limit: 9 }, ip]);
      expect((await failures.admit([{ key: 'user:c', limit: 9 }, ip])).admitted).toBe(false);
      expect(await redis.client.exists('rmc:login-failures:user:c')).toBe(0);
      expect(await redis.client.hget('rmc:login-failures:user:a', 'count')).toBe('1');
    });

    it('should take failures back once, however often the give-back is called', async () => {
      const failures = await counter();
      await failures.admit(alice(2));
      const second = await failures.admit(alice(2));
      if (!second.admitted) throw new Error('refused');
      await second.giveBack();
      await second.giveBack();
      expect(await redis.client.hget('rmc:login-failures:user:alice', 'count')).toBe('1');
      expect((await failures.admit(alice(2))).admitted).toBe(true);
      expect((await failures.admit(alice(2))).admitted).toBe(false);
    });

    it('should not take a failure back from a later window than the one it was counted in', async () => {
      const failures = await counter();
      const first = await failures.admit(alice(1));
      if (!first.admitted) throw new Error('refused');
      await sleep(700);
      await failures.admit(alice(1)); // a new window
      await first.giveBack();
      expect((await failures.admit(alice(1))).admitted).toBe(false);
    });

    it('should let exactly `limit` of many concurrent attempts from two instances through', async () => {
      const [a, b] = await Promise.all([counter(), counter()]);
      const attempts = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).admit(alice(5)));
      const admitted = (await Promise.all(attempts)).filter((r) => r.admitted);
      expect(admitted).toHaveLength(5);
    });

    it('should count in memory when Redis is not reachable', async () => {
      const failures = await counter('redis://127.0.0.1:1/0');
      for (let i = 0; i < 3; i++) expect((await failures.admit(alice())).admitted).toBe(true);
      expect((await failures.admit(alice())).admitted).toBe(false);
    });
  });
});
