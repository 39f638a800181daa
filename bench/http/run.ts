/*
 * HTTP benchmark (not a test): how much does the full pipeline cost on an authenticated read,
 * compared with the cheapest NestJS route? `npm run bench:http`; see bench/README.md.
 *
 * server.ts runs in a child process (both apps there); autocannon runs here, in the parent, so the
 * load generator does not share the server's event loop. The full app's request log goes to a file,
 * as it would in production, not to this terminal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchServerInfo } from './server';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;
const TARGET_RATIO = 0.6;
const TARGET_P99_MS = 20;
const SERVER_START_TIMEOUT_MS = 90_000;

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p99: number; max: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: AutocannonOptions) => PromiseLike<AutocannonResult>;
// autocannon ships no type declarations (and @types/autocannon is not a devDependency): load it
// through require and describe the little of its API used here.
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

interface Row {
  label: string;
  result: AutocannonResult;
}

function startServer(logFd: number): { child: ChildProcess; ready: Promise<BenchServerInfo> } {
  const root = resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join(__dirname, 'server.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', logFd, 'inherit', 'ipc'],
  });
  const ready = new Promise<BenchServerInfo>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bench server not ready in ${SERVER_START_TIMEOUT_MS} ms`)),
      SERVER_START_TIMEOUT_MS,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolveReady(message as BenchServerInfo);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
  return { child, ready };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  if (child.connected) child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function measure(label: string, options: Omit<AutocannonOptions, 'duration'>): Promise<Row> {
  process.stderr.write(`warm-up ${WARMUP_S} s: ${label}\n`);
  await autocannon({ ...options, duration: WARMUP_S });
  process.stderr.write(`measure ${DURATION_S} s: ${label}\n`);
  const result = await autocannon({ ...options, duration: DURATION_S });
  return { label, result };
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);

function report(rows: Row[], logBytes: number): string {
  // The first row is the bare app, the last the authenticated read; the rows between break the
  // difference down (the full pipeline on a public route, then with authentication).
  const bare = rows[0];
  const full = rows[rows.length - 1];
  const ratio = full.result.requests.average / bare.result.requests.average;
  const p99 = full.result.latency.p99;
  const lines = [
    `HTTP benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`,
    `${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s per route, load generator and server in separate processes`,
    '',
    '| route | req/s | p50 (ms) | p99 (ms) | max (ms) | requests | non-2xx | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ label, result: r }) =>
        `| ${label} | ${fmt(r.requests.average, 0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.requests.total} | ${r.non2xx} | ${r.errors + r.timeouts} |`,
    ),
    '',
    `| check | value | target | |`,
    '| --- | ---: | ---: | --- |',
    `| req/s ratio full / bare | ${fmt(ratio, 2)} | >= ${TARGET_RATIO} | ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'} |`,
    `| p99 of the full route | ${p99} ms | < ${TARGET_P99_MS} ms | ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'} |`,
    '',
    `(request log written during the run: ${(logBytes / 1024 / 1024).toFixed(1)} MiB)`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rmc-bench-'));
  const logPath = join(dir, 'server.log');
  const logFd = openSync(logPath, 'w');
  const { child, ready } = startServer(logFd);
  const cleanup = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const info = await ready;
    const rows = [
      await measure('GET /hello (bare NestJS)', {
        url: `http://127.0.0.1:${info.barePort}/hello`,
        connections: CONNECTIONS,
      }),
      await measure('GET /health/live (full app pipeline, public)', {
        url: `http://127.0.0.1:${info.fullPort}/health/live`,
        connections: CONNECTIONS,
      }),
      await measure('GET /api/auth/me (full app, JWT, no record read)', {
        url: `http://127.0.0.1:${info.fullPort}/api/auth/me`,
        connections: CONNECTIONS,
        headers: { authorization: `Bearer ${info.accessToken}` },
      }),
      await measure('GET /api/navigation/:id (full app, JWT)', {
        url: `http://127.0.0.1:${info.fullPort}/api/navigation/${info.navigationId}`,
        connections: CONNECTIONS,
        headers: { authorization: `Bearer ${info.accessToken}` },
      }),
    ];
    const logBytes = statSync(logPath).size;
    process.stdout.write(`${report(rows, logBytes)}\n`);
    // Numbers over failed requests would be meaningless: say so in the exit code.
    const invalid = rows.filter(({ result: r }) => r.non2xx + r.errors + r.timeouts > 0);
    if (invalid.length > 0) {
      process.stderr.write(
        `invalid run: failed requests on ${invalid.map((r) => r.label).join(', ')}\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await stopServer(child);
    closeSync(logFd);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
