/*
 * Benchmark server (not a test). Starts, in this one process:
 *   (a) the full Rover Mission Control app, exactly as the e2e harness builds it (same pipeline as
 *       main.ts: request logging, helmet, validation, JWT guard, scopes, throttler) over a fresh
 *       SQLite file, with one navigation module created and an admin token minted;
 *   (b) a bare NestJS app: one module, one controller, GET /hello -> { hello: 'world' }.
 * Then prints one JSON line { fullPort, barePort, navigationId, accessToken } on stdout (and sends
 * it over IPC when run by run.ts) and serves until it gets 'stop' over IPC or a signal.
 *
 * Run standalone: TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/http/server.ts
 * (the full app logs every request to stdout as JSON, so redirect stdout when benchmarking).
 */
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestApp, TEST_ADMIN_PASSWORD } from '../../test/helpers/create-test-app';

export interface BenchServerInfo {
  fullPort: number;
  barePort: number;
  navigationId: string;
  accessToken: string;
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

async function main(): Promise<void> {
  const full = await createTestApp({
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info', THROTTLE_LIMIT: '1000000' },
  });
  const bare = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
  await bare.listen(0, '127.0.0.1');

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

  const info: BenchServerInfo = {
    fullPort: Number(new URL(full.baseUrl).port),
    barePort: (bare.getHttpServer().address() as AddressInfo).port,
    navigationId: String(navigation.id),
    accessToken,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.send?.(info);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await bare.close();
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
