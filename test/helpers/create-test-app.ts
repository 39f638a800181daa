import type { AddressInfo } from 'node:net';
import type { Provider } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap/configure-app';
import { createHttpAdapter } from '../../src/bootstrap/http-adapter';
import { AppConfig } from '../../src/config/app-config';
import { validateEnv } from '../../src/config/env.schema';
import { SIMULATION_OUTAGES } from '../../src/fleet/sources/simulated-fleet.source';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: NestFastifyApplication;
  /** http://127.0.0.1:<port> — real HTTP and Socket.IO on a real port. */
  baseUrl: string;
  config: AppConfig;
  db: TestDatabase;
  /** The env the app was built from, e.g. to start a second instance on the same database. */
  env: Record<string, string>;
  /** `METHOD /path` of every route Fastify registered, as its onRoute hook saw them. */
  routes: ReadonlySet<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Reuse an existing database (a second instance); it is then not dropped on close. */
  db?: TestDatabase;
  /** Extra providers beside AppModule, e.g. a probe gateway on a namespace of its own. */
  providers?: Provider[];
  /**
   * Changes the config before anything reads it, for what no variable sets (the bench raises the
   * fixed control limit with it).
   */
  adjustConfig?: (config: AppConfig) => void;
}

/**
 * The whole AppModule, configured exactly as main.ts does, listening on an ephemeral loopback port,
 * over a fresh real database. Only the config differs: built from explicit values, not process.env.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...db.env,
    ...options.env,
  };
  const config = new AppConfig(validateEnv(env));
  options.adjustConfig?.(config);
  register.clear(); // prom-client's registry is process-global; each app registers its metrics anew

  const moduleRef = await Test.createTestingModule({
    imports: [AppModule],
    providers: options.providers ?? [],
  })
    .overrideProvider(AppConfig)
    .useValue(config)
    // Simulated robots drop off for 15-60 s every 20 min on average: in a suite of a hundred
    // apps that is a few robots missing from tests that expect the whole fleet. The outages have
    // their own unit test (fleet-simulation.spec.ts).
    .overrideProvider(SIMULATION_OUTAGES)
    .useValue(false)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createHttpAdapter(config.http),
    {
      bodyParser: false,
      logger: false,
    },
  );
  const routes = new Set<string>();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.add(`${method} ${route.url}`);
    });
  await configureApp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;

  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    db,
    env,
    routes,
    close: async () => {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
