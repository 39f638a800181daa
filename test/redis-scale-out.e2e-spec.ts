import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { RedisConnection } from '../src/common/redis/redis-connection';
import { HealthController } from '../src/system/health/health.controller';
import {
  bearer,
  createAccount,
  createUserAndLogin,
  login,
  loginAdmin,
  type Session,
} from './helpers/auth';
import {
  BROADCAST_PROBE_NAMESPACE,
  BroadcastProbeGateway,
} from './helpers/broadcast-probe.gateway';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { connectOutcome, SocketClients } from './helpers/socket-client';
import { TcpProxy } from './helpers/tcp-proxy';
import { describeWithRedis, TestRedis } from './helpers/test-redis';

const HELLO = { hello: 'rover' };
const RECEIVED = { status: 'received', data: HELLO };
const RATE_LIMITED = { statusCode: 429, error: 'rate_limited', message: expect.any(String) };

const clients = new SocketClients();
afterEach(() => clients.closeAll());

async function connect(url: string, session: Session): Promise<Socket> {
  const socket = clients.open(url, { auth: { token: session.accessToken } });
  const outcome = await connectOutcome(socket);
  if (!outcome.connected) {
    throw new Error(`handshake refused: ${JSON.stringify(outcome.error.data)}`);
  }
  return socket;
}

const send = (socket: Socket, event = 'message', payload: unknown = HELLO): Promise<unknown> =>
  socket.timeout(2000).emitWithAck(event, payload);

/** The payloads of `event` this socket receives from now on. */
function collect(socket: Socket, event: string): unknown[] {
  const seen: unknown[] = [];
  socket.on(event, (payload: unknown) => seen.push(payload));
  return seen;
}

/** Resolves with the first `event` payload, or undefined when none came within `ms`. */
function next(socket: Socket, event: string, ms = 2000): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      resolve(undefined);
    }, ms);
    const onEvent = (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, onEvent);
  });
}

const probe = (t: TestApp) => t.app.get(BroadcastProbeGateway).namespace;

/**
 * What /health computes, straight from its controller: a 503's body is the error envelope, which
 * does not carry the checks' details.
 */
async function healthDetails(t: TestApp): Promise<HealthCheckResult['details']> {
  try {
    return (await t.app.get(HealthController).check()).details;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    return (error.getResponse() as HealthCheckResult).details;
  }
}

const redisHealth = async (t: TestApp) => (await healthDetails(t)).redis;
const healthStatus = async (t: TestApp) => (await request(t.baseUrl).get('/health')).status;

async function eventually(what: string, check: () => Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Requests `path` as `session` until it answers 429; the count of those that did not. */
async function spendBudget(t: TestApp, session: Session, max: number): Promise<number> {
  for (let i = 0; i < max; i++) {
    const res = await request(t.baseUrl)
      .get('/api/auth/me')
      .set(...bearer(session));
    if (res.status === 429) return i;
    expect(res.status).toBe(200);
  }
  return max;
}

describe('Scale-out without REDIS_URL (the embedded default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ providers: [BroadcastProbeGateway] });
  });
  afterAll(() => t.close());

  it('should open no Redis connection, list no redis health check, and keep the in-memory adapter', async () => {
    const redis = t.app.get(RedisConnection);
    expect(redis.enabled).toBe(false);
    expect(redis.commands).toBeUndefined();
    expect(redis.states()).toEqual({});
    expect(probe(t).adapter.constructor.name).toBe('Adapter');
    expect(Object.keys(await healthDetails(t))).not.toContain('redis');
  });
});

describeWithRedis('Scale-out on Redis (REDIS_URL)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await TestRedis.claim();
  });
  afterAll(() => redis?.release());

  describe('two instances on one Redis and one database', () => {
    let a: TestApp;
    let b: TestApp;
    let admin: Session;

    beforeAll(async () => {
      const env = {
        REDIS_URL: redis.url(),
        THROTTLE_LIMIT: '12',
        LOGIN_USER_THROTTLE_LIMIT: '3',
        LOGIN_IP_THROTTLE_LIMIT: '6',
      };
      a = await createTestApp({ env, providers: [BroadcastProbeGateway] });
      b = await createTestApp({ env, db: a.db, providers: [BroadcastProbeGateway] });
      admin = await loginAdmin(a.baseUrl);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });
    // Each test spends its own budgets; admin's session stays valid (it lives in the database).
    beforeEach(() => redis.flush());

    it('should use the Redis adapter on every namespace', () => {
      expect(probe(a).adapter.constructor.name).toBe('RedisAdapter');
      expect(probe(a).server.of('/').adapter.constructor.name).toBe('RedisAdapter');
    });

    it('should deliver a broadcast emitted on instance A to a client of instance B, on the default namespace and on another', async () => {
      const viewer = await createUserAndLogin(a.baseUrl, admin, 'viewer');
      const onB = await connect(b.baseUrl, viewer);
      const probeOnB = await connect(`${b.baseUrl}${BROADCAST_PROBE_NAMESPACE}`, viewer);
      const nonce = randomUUID();

      const root = next(onB, 'scale-out');
      probe(a).server.of('/').emit('scale-out', { nonce, from: 'a' });
      await expect(root).resolves.toEqual({ nonce, from: 'a' });

      const named = next(probeOnB, 'scale-out');
      probe(a).emit('scale-out', { nonce });
      await expect(named).resolves.toEqual({ nonce });
    });

    it('should deliver a room broadcast from A only to the clients of B in that room', async () => {
      const viewer = await createUserAndLogin(a.baseUrl, admin, 'viewer');
      const inRoom = await connect(`${b.baseUrl}${BROADCAST_PROBE_NAMESPACE}`, viewer);
      const outside = await connect(`${b.baseUrl}${BROADCAST_PROBE_NAMESPACE}`, viewer);
      await expect(send(inRoom, 'join', { room: 'robot:r1' })).resolves.toEqual({
        joined: 'robot:r1',
      });
      const missed = collect(outside, 'position');

      const got = next(inRoom, 'position');
      probe(a).to('robot:r1').emit('position', { x: 1 });
      await expect(got).resolves.toEqual({ x: 1 });
      await sleep(200);
      expect(missed).toEqual([]);
    });

    it("should refuse on B a user's HTTP request once the budget was spent on A, and only that user's", async () => {
      const viewer = await createUserAndLogin(a.baseUrl, admin, 'viewer');
      const other = await createUserAndLogin(b.baseUrl, admin, 'viewer');
      expect(await spendBudget(a, viewer, 12)).toBe(12);

      const onB = await request(b.baseUrl)
        .get('/api/auth/me')
        .set(...bearer(viewer));
      expect(onB.status).toBe(429);
      expect(onB.body).toMatchObject({ error: 'rate_limited' });
      expect(onB.headers['retry-after']).toMatch(/^\d+$/);
      const unaffected = await request(b.baseUrl)
        .get('/api/auth/me')
        .set(...bearer(other));
      expect(unaffected.status).toBe(200);
    });

    it('should refuse on B socket events and HTTP once the budget was spent by socket events on A', async () => {
      const viewer = await createUserAndLogin(a.baseUrl, admin, 'viewer');
      const onA = await connect(a.baseUrl, viewer);
      const onB = await connect(b.baseUrl, viewer);
      for (let i = 0; i < 12; i++) await expect(send(onA)).resolves.toEqual(RECEIVED);

      await expect(send(onB)).resolves.toEqual(RATE_LIMITED);
      const http = await request(b.baseUrl)
        .get('/api/auth/me')
        .set(...bearer(viewer));
      expect(http.status).toBe(429);
    });

    it('should count login attempts (LOGIN_THROTTLE_LIMIT, per address and username) across instances', async () => {
      const account = await createAccount(a.baseUrl, admin, 'viewer');
      for (let i = 0; i < 5; i++)
        await login(i % 2 ? b.baseUrl : a.baseUrl, account.username, account.password);
      const sixth = await request(b.baseUrl)
        .post('/api/auth/login')
        .send({ username: account.username, password: account.password });
      expect(sixth.status).toBe(429);
      expect(sixth.body.accessToken).toBeUndefined();
    });

    it("should refuse on B the right password after a username's failure limit was spent on A", async () => {
      const account = await createAccount(a.baseUrl, admin, 'viewer');
      for (let i = 0; i < 3; i++) {
        const wrong = await request(a.baseUrl)
          .post('/api/auth/login')
          .send({ username: account.username, password: `wrong-${i}-password` });
        expect(wrong.status).toBe(401);
      }
      const right = await request(b.baseUrl)
        .post('/api/auth/login')
        .send({ username: account.username, password: account.password });
      expect(right.status).toBe(429);
      expect(right.body.message).toMatch(/failed sign-in/);
    });

    it("should refuse on B an address's next sign-in after its failures across usernames were spent on A", async () => {
      const account = await createAccount(a.baseUrl, admin, 'viewer');
      for (let i = 0; i < 6; i++) {
        const guess = await request(a.baseUrl)
          .post('/api/auth/login')
          .send({ username: `nobody-${randomUUID().slice(0, 8)}`, password: 'sprayed-password' });
        expect(guess.status).toBe(401);
      }
      const right = await request(b.baseUrl)
        .post('/api/auth/login')
        .send({ username: account.username, password: account.password });
      expect(right.status).toBe(429);
      expect(right.body.message).toMatch(/failed sign-in/);
    });

    it('should give back a failure that turned out a success on either instance', async () => {
      const account = await createAccount(a.baseUrl, admin, 'viewer');
      for (let i = 0; i < 3; i++) {
        await login(i % 2 ? b.baseUrl : a.baseUrl, account.username, account.password);
      }
      // Had the three successes counted as failures, the username would be at its limit of three.
      for (let i = 0; i < 2; i++) {
        const wrong = await request(b.baseUrl)
          .post('/api/auth/login')
          .send({ username: account.username, password: 'wrong-password' });
        expect(wrong.status).toBe(401);
      }
    });

    it('should report Redis up in /health on both instances, and leave it out of /health/ready', async () => {
      for (const t of [a, b]) {
        expect(await redisHealth(t)).toEqual({
          status: 'up',
          connections: {
            commands: 'ready',
            publisher: 'ready',
            subscriber: 'ready',
            'relay-publisher': 'ready',
            'relay-subscriber': 'ready',
          },
          pingMs: expect.any(Number),
        });
        const ready = await request(t.baseUrl).get('/health/ready');
        expect(Object.keys(ready.body.details as object)).toEqual(['database']);
      }
    });
  });

  describe('Redis down at boot', () => {
    let t: TestApp;
    let bootMs: number;
    let deadPort: number;

    beforeAll(async () => {
      const proxy = await TcpProxy.start(redis.target); // a port that was just free
      deadPort = proxy.port;
      await proxy.close();
      const started = performance.now();
      t = await createTestApp({
        env: { REDIS_URL: redis.url(deadPort), THROTTLE_LIMIT: '8' },
        providers: [BroadcastProbeGateway],
      });
      bootMs = performance.now() - started;
    });
    afterAll(() => t?.close());

    it('should boot without waiting out the connection, and serve', async () => {
      expect(bootMs).toBeLessThan(3000);
      const admin = await loginAdmin(t.baseUrl);
      expect(admin.accessToken).toEqual(expect.any(String));
    });

    it('should report Redis down in /health (503) but stay ready (/health/ready 200)', async () => {
      expect(await healthStatus(t)).toBe(503);
      expect(await redisHealth(t)).toEqual({
        status: 'down',
        connections: {
          commands: expect.not.stringMatching(/^ready$/),
          publisher: expect.not.stringMatching(/^ready$/),
          subscriber: expect.not.stringMatching(/^ready$/),
          'relay-publisher': expect.not.stringMatching(/^ready$/),
          'relay-subscriber': expect.not.stringMatching(/^ready$/),
        },
        message: expect.any(String),
      });
      expect((await request(t.baseUrl).get('/health/ready')).status).toBe(200);
    });

    it("should still enforce the limits, in this instance's memory", async () => {
      const admin = await loginAdmin(t.baseUrl);
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      expect(await spendBudget(t, viewer, 20)).toBe(8);
    });

    it("should still deliver broadcasts to this instance's own clients", async () => {
      const admin = await loginAdmin(t.baseUrl);
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const socket = await connect(`${t.baseUrl}${BROADCAST_PROBE_NAMESPACE}`, viewer);
      const got = next(socket, 'local');
      probe(t).emit('local', { ok: true });
      await expect(got).resolves.toEqual({ ok: true });
    });
  });

  describe('Redis lost while running, and back', () => {
    let proxy: TcpProxy;
    let a: TestApp; // through the proxy
    let b: TestApp; // straight to Redis
    let admin: Session;
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);

    beforeAll(async () => {
      process.on('unhandledRejection', onRejection);
      proxy = await TcpProxy.start(redis.target);
      const env = { THROTTLE_LIMIT: '10' };
      a = await createTestApp({
        env: { ...env, REDIS_URL: redis.url(proxy.port) },
        providers: [BroadcastProbeGateway],
      });
      b = await createTestApp({
        env: { ...env, REDIS_URL: redis.url() },
        db: a.db,
        providers: [BroadcastProbeGateway],
      });
      admin = await loginAdmin(b.baseUrl);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      await proxy?.close();
      process.off('unhandledRejection', onRejection);
    });
    beforeEach(() => redis.flush());

    it('should keep serving on its own while Redis is away, then share limits and broadcasts again once it is back', async () => {
      const viewer = await createUserAndLogin(b.baseUrl, admin, 'viewer');
      const onA = await connect(`${a.baseUrl}${BROADCAST_PROBE_NAMESPACE}`, viewer);
      const onB = await connect(`${b.baseUrl}${BROADCAST_PROBE_NAMESPACE}`, viewer);
      const before = next(onB, 'tick');
      probe(a).emit('tick', 1);
      await expect(before).resolves.toBe(1);

      await proxy.cut();
      await eventually(
        'A to see Redis down',
        async () => (await redisHealth(a))?.status === 'down',
      );

      // A serves: sign-in, reads, its own clients' broadcasts, and it still limits, by itself.
      await loginAdmin(a.baseUrl);
      const localOnA = next(onA, 'tick');
      const missedOnB = collect(onB, 'tick');
      probe(a).emit('tick', 2);
      await expect(localOnA).resolves.toBe(2);
      expect(await spendBudget(a, viewer, 20)).toBe(10);
      // B never saw those hits (they were counted in A's memory) nor that broadcast.
      expect(await spendBudget(b, viewer, 1)).toBe(1);
      expect(missedOnB).toEqual([]);

      await proxy.restore();
      await eventually('A to see Redis up', async () => (await redisHealth(a))?.status === 'up');
      const other = await createUserAndLogin(b.baseUrl, admin, 'viewer');
      expect(await spendBudget(a, other, 10)).toBe(10);
      expect(await spendBudget(b, other, 1)).toBe(0);
      const fromA = next(onB, 'tick');
      probe(a).emit('tick', 3);
      await expect(fromA).resolves.toBe(3);
      const fromB = next(onA, 'tock'); // A subscribed again, too
      probe(b).emit('tock', 4);
      await expect(fromB).resolves.toBe(4);
      expect(rejections).toEqual([]);
    });

    it('should answer without waiting on a Redis that stalls (accepts, never replies)', async () => {
      const viewer = await createUserAndLogin(b.baseUrl, admin, 'viewer');
      proxy.stall();
      try {
        const started = performance.now();
        for (let i = 0; i < 10; i++) {
          const res = await request(a.baseUrl)
            .get('/api/auth/me')
            .set(...bearer(viewer));
          expect(res.status).toBe(200);
        }
        // One command timeout (250 ms) for the first request, then Redis is left alone a while.
        expect(performance.now() - started).toBeLessThan(1500);
        // Counted in A's memory: nothing of it reached Redis.
        expect(await redis.client.exists(`rmc:throttle:default:user:${viewer.user.id}`)).toBe(0);
      } finally {
        await proxy.cut();
        await proxy.restore();
      }
      await eventually('A to see Redis up', async () => (await redisHealth(a))?.status === 'up');
      expect(rejections).toEqual([]);
    });
  });
});
