/*
 * Benchmark server (not a test). Starts, in this one process:
 *   (a) the full Rover Mission Control app, exactly as the e2e harness builds it (same pipeline as
 *       main.ts: request logging, helmet, validation, JWT guard, scopes, throttler) over a fresh
 *       SQLite file, with one navigation module created and an admin token minted;
 *   (b) a bare NestJS app: one module, one controller, GET /hello -> { hello: 'world' }, on Nest's
 *       default HTTP adapter (Express), the foundation's reference;
 *   (c) the same bare app on the Fastify adapter the service runs on, for scale.
 * The full app drives the in-process simulated rover (SERIAL_PORT=sim, the default), with the
 * per-user control limit (10/s, a constant of AppConfig, not an env variable) raised for the
 * benchmark only: the app is built here as create-test-app builds it, with the config's throttle
 * values replaced before the module is compiled, so nothing in src/ changes. The socket's own
 * limit on inbound events (20/s per socket, constants of the /telemetry gateway) is raised the
 * same way: the gateway builds its per-socket InboundLimiter from the module's export on every
 * connection, so the bench replaces that export with a subclass given higher rates.
 * Then prints one JSON line { fullPort, barePort, navigationId, accessToken, ... } on stdout (and
 * sends it over IPC when run by run.ts) and serves until it gets 'stop' over IPC or a signal.
 *
 * Run standalone: TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/http/server.ts
 * (the full app logs every request to stdout as JSON, so redirect stdout when benchmarking).
 */
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../../src/config/app-config';
import * as inboundLimiterModule from '../../src/realtime/telemetry/inbound-limiter';
import {
  createTestApp,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../../test/helpers/create-test-app';

// run.ts imports only types from this file (a value import would start a server in the parent),
// so what it needs to know comes over IPC in BenchServerInfo.
/** The control limit for the run (the app's own is 10 a second per user, API.md §3). */
const BENCH_CONTROL_LIMIT = 1_000_000;
/** The move every control row sends: slow, short, straight ahead (the simulator ACKs it). */
const BENCH_MOVE = { forward: 0.2, turn: 0, duration: 0.5 };
/** Inbound socket events for the run (the gateway's own: 20 a second per socket, burst 40). */
const BENCH_INBOUND_PER_SECOND = 1_000_000;
const BENCH_INBOUND_BURST = 1_000_000;
const LINK_UP_TIMEOUT_MS = 10_000;

/**
 * The real token bucket, with the bench's rates whatever the gateway asks for. Installed as the
 * module's export (a plain CommonJS property, read when a socket connects), before any socket
 * connects; `raiseInboundLimit` checks that the gateway's module sees it.
 */
class BenchInboundLimiter extends inboundLimiterModule.InboundLimiter {
  constructor(_perSecond: number, _burst: number, nowMs: number) {
    super(BENCH_INBOUND_PER_SECOND, BENCH_INBOUND_BURST, nowMs);
  }
}

function raiseInboundLimit(): void {
  Object.defineProperty(inboundLimiterModule, 'InboundLimiter', {
    value: BenchInboundLimiter,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  const seen = (
    require.cache[require.resolve('../../src/realtime/telemetry/inbound-limiter')]?.exports as
      typeof inboundLimiterModule | undefined
  )?.InboundLimiter;
  if (seen !== BenchInboundLimiter)
    throw new Error('could not raise the socket inbound limit (module export not replaced)');
}

export interface BenchServerInfo {
  fullPort: number;
  barePort: number;
  bareFastifyPort: number;
  navigationId: string;
  accessToken: string;
  /** The body of POST /api/rover/control, and the `parameters` of the socket `move`. */
  move: { forward: number; turn: number; duration: number };
  /** What the app runs with: the limits as raised for the run. */
  controlLimit: number;
  controlTtlMs: number;
  inboundPerSecond: number;
  /** GET /api/rover/status's link, once it was up. */
  roverLink: string;
}

@Controller()
class HelloController {
  @Get('hello')
  hello(): { hello: string } {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class BareModule {}

async function post(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function get(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * The e2e harness's app (test/helpers/create-test-app.ts: same env defaults, AppModule,
 * configureApp, ephemeral loopback port, fresh database), with the throttle values replaced on the
 * AppConfig before the module is compiled. The throttler module reads them once, in its factory;
 * the socket's ControlRateLimiter reads them on every command.
 */
function createBenchApp(
  env: Record<string, string>,
  throttle: Partial<AppConfig['throttle']>,
): Promise<TestApp> {
  return createTestApp({
    env,
    adjustConfig: (config) => {
      // `throttle` is readonly in TypeScript only: replaced here before anything reads it.
      (config as { throttle: AppConfig['throttle'] }).throttle = {
        ...config.throttle,
        ...throttle,
      };
    },
  });
}

/** The simulator's link comes up a moment after listen (HEL); wait for it, bounded. */
async function waitForRoverLink(baseUrl: string): Promise<string> {
  const deadline = Date.now() + LINK_UP_TIMEOUT_MS;
  for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt++) {
    const status = await get(`${baseUrl}/api/rover/status`);
    const link = status.link as { port?: string; state?: string } | undefined;
    if (status.connected === true && link?.state === 'up') return String(link.port);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the rover link was not up within ${LINK_UP_TIMEOUT_MS} ms`);
}

async function main(): Promise<void> {
  raiseInboundLimit();
  const full = await createBenchApp(
    { NODE_ENV: 'production', LOG_LEVEL: 'info', THROTTLE_LIMIT: '1000000', SERIAL_PORT: 'sim' },
    { controlLimit: BENCH_CONTROL_LIMIT },
  );
  const bare = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  await bare.listen(0, '127.0.0.1');
  const bareFastify = await NestFactory.create<NestFastifyApplication>(
    BareModule,
    new FastifyAdapter(),
    { logger: false },
  );
  await bareFastify.listen(0, '127.0.0.1');

  const login = await post(`${full.baseUrl}/api/auth/login`, {
    username: 'admin',
    password: TEST_ADMIN_PASSWORD,
  });
  const accessToken = String(login.accessToken);
  const navigation = await post(
    `${full.baseUrl}/api/navigation`,
    {
      name: 'bench-loop',
      description: 'Benchmark fixture',
      algorithm: 'a_star',
      maxSpeed: 1.2,
      goalTolerance: 0.25,
      waypoints: [
        { x: 0, y: 0 },
        { x: 2.5, y: -1, heading: 1.57 },
        { x: 5, y: 3 },
      ],
      enabled: true,
    },
    accessToken,
  );

  const roverLink = await waitForRoverLink(full.baseUrl);
  // One move before the load: a refusal here (latch, link, collision guard) fails the start.
  const moved = await post(`${full.baseUrl}/api/rover/control`, BENCH_MOVE, accessToken);
  if (moved.status !== 'success') throw new Error(`first move: ${JSON.stringify(moved)}`);

  const info: BenchServerInfo = {
    fullPort: Number(new URL(full.baseUrl).port),
    barePort: (bare.getHttpServer().address() as AddressInfo).port,
    bareFastifyPort: (bareFastify.getHttpServer().address() as AddressInfo).port,
    navigationId: String(navigation.id),
    accessToken,
    move: BENCH_MOVE,
    controlLimit: full.config.throttle.controlLimit,
    controlTtlMs: full.config.throttle.controlTtlMs,
    inboundPerSecond: BENCH_INBOUND_PER_SECOND,
    roverLink,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.send?.(info);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await bare.close();
    await bareFastify.close();
    await full.close(); // also deletes the SQLite file
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop()); // the parent went away
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
