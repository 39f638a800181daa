import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The compiled entry point; process tests run what production runs, not ts-node. */
export const DIST_MAIN = resolve(__dirname, '..', '..', 'dist', 'main.js');

/** A JWT secret that passes the production check (at least 32 bytes). */
export const PROCESS_JWT_SECRET = 'process-test-secret-that-is-long-enough-0123456789';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessAppOptions {
  nodeEnv?: 'production' | 'development';
  /**
   * The SQLite file, to share it between a restart or a second instance (the caller then removes it);
   * default: a fresh file in a temp dir that `stop()` removes.
   */
  databasePath?: string;
  /**
   * Overrides of the defaults below; `undefined` removes a variable (e.g. `{ JWT_SECRET: undefined }`).
   * Defaults: NODE_ENV, PORT (a free loopback port), HOST=127.0.0.1, JWT_SECRET, DATABASE_PATH,
   * LOG_LEVEL=info.
   */
  env?: Record<string, string | undefined>;
}

export interface ProcessApp {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly databasePath: string;
  /** Every line the process printed so far, both streams, in arrival order. */
  readonly lines: readonly LogLine[];
  /** The JSON log records among the lines (pino writes one object per line). */
  jsonLogs(): Record<string, unknown>[];
  stderrText(): string;
  /** Sends a signal (default SIGTERM); a no-op once the process has exited. */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when the process exits; rejects after `timeoutMs` if it is still running. */
  waitForExit(timeoutMs: number): Promise<ExitResult>;
  /** Resolves when GET /health/ready answers 200; rejects on exit or after `timeoutMs`. */
  waitForReady(timeoutMs?: number): Promise<void>;
  /**
   * For afterAll: SIGTERM, then SIGKILL if it is still alive after `graceMs`; removes the database
   * when the helper created it. Never throws.
   */
  stop(graceMs?: number): Promise<void>;
  readonly exited: boolean;
}

/** A free loopback port: bind port 0, read what the kernel chose, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no port assigned'))));
    });
  });
}

export interface TempDatabase {
  dir: string;
  /** Where the app will create its SQLite file. */
  path: string;
  remove(): void;
}

/** A temp directory holding a SQLite path (the file itself is created by the app). */
export function tempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'rmc-proc-'));
  return {
    dir,
    path: join(dir, 'rover.db'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Spawns `node dist/main.js` (no shell, argv array) with an explicit environment: nothing of the
 * test runner's environment leaks in but PATH, and the working directory is the database's temp
 * directory so that a developer's `.env` in the repository is not loaded. Does not wait for
 * readiness: use `startProcessApp` for that, or this for a process expected to die at boot.
 */
export async function spawnProcessApp(options: ProcessAppOptions = {}): Promise<ProcessApp> {
  if (!existsSync(DIST_MAIN)) {
    throw new Error(`${DIST_MAIN} is missing: run \`npm run build\` before the process tests`);
  }
  const owned = options.databasePath === undefined ? tempDatabase() : undefined;
  const databasePath = options.databasePath ?? owned?.path ?? '';
  const port = await freePort();
  const env: Record<string, string> = {};
  const merged: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    NODE_ENV: options.nodeEnv ?? 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: PROCESS_JWT_SECRET,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  for (const [key, value] of Object.entries(merged)) if (value !== undefined) env[key] = value;

  const child = spawn(process.execPath, [DIST_MAIN], {
    cwd: resolve(databasePath, '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let exit: ExitResult | undefined;
  const exitWaiters: ((result: ExitResult) => void)[] = [];
  // 'close' (not 'exit') fires once the pipes are drained, so every line is in `lines` by then.
  child.once('close', (code, signal) => {
    exit = { code, signal };
    for (const waiter of exitWaiters.splice(0)) waiter(exit);
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (source) {
      createInterface({ input: source, crlfDelay: Infinity }).on('line', (text) =>
        lines.push({ stream, text }),
      );
    }
  }

  const onExit = (): Promise<ExitResult> =>
    exit ? Promise.resolve(exit) : new Promise((done) => exitWaiters.push(done));

  const app: ProcessApp = {
    child,
    pid: child.pid ?? -1,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    databasePath,
    lines,
    jsonLogs: () => lines.flatMap(({ text }) => parseJsonLine(text)),
    stderrText: () =>
      lines
        .filter((l) => l.stream === 'stderr')
        .map((l) => l.text)
        .join('\n'),
    kill: (signal: NodeJS.Signals = 'SIGTERM') => {
      if (!exit && child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitForExit: (timeoutMs) => withTimeout(onExit(), timeoutMs, `pid ${child.pid} still running`),
    waitForReady: async (timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exit) {
          throw new Error(
            `the app exited before it was ready (code ${exit.code}, signal ${exit.signal}):\n${tail(lines)}`,
          );
        }
        try {
          const res = await fetch(`${app.baseUrl}/health/ready`, {
            signal: AbortSignal.timeout(2000),
          });
          await res.arrayBuffer();
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        await sleep(100);
      }
      throw new Error(`the app was not ready within ${timeoutMs} ms:\n${tail(lines)}`);
    },
    stop: async (graceMs = 5000) => {
      if (!exit) {
        app.kill('SIGTERM');
        try {
          await app.waitForExit(graceMs);
        } catch {
          app.kill('SIGKILL');
          await app.waitForExit(5000).catch(() => undefined);
        }
      }
      owned?.remove();
    },
    get exited() {
      return exit !== undefined;
    },
  };
  return app;
}

/** Spawns the built app and waits until it is ready; kills it if it does not get there. */
export async function startProcessApp(
  options: ProcessAppOptions = {},
  readyTimeoutMs = 20_000,
): Promise<ProcessApp> {
  const app = await spawnProcessApp(options);
  try {
    await app.waitForReady(readyTimeoutMs);
  } catch (error) {
    await app.stop(1000);
    throw error;
  }
  return app;
}

function parseJsonLine(text: string): Record<string, unknown>[] {
  if (!text.startsWith('{')) return [];
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? [value as Record<string, unknown>] : [];
  } catch {
    return [];
  }
}

function tail(lines: readonly LogLine[], count = 30): string {
  return lines
    .slice(-count)
    .map((l) => `[${l.stream}] ${l.text}`)
    .join('\n');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** One JSON request over real HTTP (fetch); the body is parsed when there is one. */
export async function requestJson(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  if (text.length > 0) {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { raw: text };
    }
  }
  return { status: res.status, headers: res.headers, body };
}
