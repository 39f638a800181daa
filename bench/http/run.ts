/*
 * HTTP benchmark (not a test): how much does the full pipeline cost on an authenticated read,
 * compared with the cheapest NestJS route? And what does a motion command cost end to end, over
 * HTTP (POST /api/rover/control) and over the socket (`command`), against the simulated rover?
 * `npm run bench:http`; see bench/README.md.
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
import { io, type Socket } from 'socket.io-client';
import type { BenchServerInfo } from './server';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = 2;
const TARGET_RATIO = 0.6;
const TARGET_P99_MS = 20;
const SERVER_START_TIMEOUT_MS = 90_000;
/**
 * The socket row's clients (at most SOCKET_MAX_PER_USER, 20, for the one user), and the HTTP
 * control row run again at the same concurrency so that the two compare. Motion commands share
 * one queue to the rover (one in flight, MAX_QUEUED_COMMANDS = 8 waiting, then 429): the
 * simulator ACKs within a microtask, so it drains at once and never filled, even at 50.
 */
const SOCKET_CLIENTS = 10;
const SOCKET_CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_ACK_TIMEOUT_MS = 5_000;
/** A bound on each socket client's loop besides its deadline (far above what 10 s can reach). */
const SOCKET_MAX_COMMANDS_PER_CLIENT = 200_000;

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: 'GET' | 'POST';
  body?: string;
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

/** One table row, from autocannon or from the socket clients. */
interface Row {
  label: string;
  connections: number;
  perSecond: number;
  p50: string;
  p99: string;
  max: string;
  total: number;
  /** Answered, but not with success: non-2xx over HTTP, an error envelope over the socket. */
  refused: number;
  /** No answer: connection errors and timeouts. */
  errors: number;
}

function fromAutocannon(label: string, connections: number, r: AutocannonResult): Row {
  return {
    label,
    connections,
    perSecond: r.requests.average,
    p50: String(r.latency.p50),
    p99: String(r.latency.p99),
    max: String(r.latency.max),
    total: r.requests.total,
    refused: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/**
 * `npm run bench:http` compiles this file and server.ts with tsc (bench/http/tsconfig.json) and
 * runs the JavaScript, as production runs `node dist/main.js`: under ts-node the server would also
 * carry ts-node's REPL, whose `domain` import makes every EventEmitter and native callback check
 * for a domain (about 5 % of the authenticated read's throughput, measured A/B). Run from source
 * (`ts-node bench/http/run.ts`), the server runs from source too.
 */
const FROM_SOURCE = __filename.endsWith('.ts');
/** The server runs where `npm run` runs: two levels up from bench/http, five from its build. */
const REPO_ROOT = resolve(__dirname, FROM_SOURCE ? '../..' : '../../../../..');
const SERVER_ENTRY = FROM_SOURCE
  ? ['-r', 'ts-node/register', join(__dirname, 'server.ts')]
  : [join(__dirname, 'server.js')];

function startServer(logFd: number): { child: ChildProcess; ready: Promise<BenchServerInfo> } {
  const child = spawn(process.execPath, SERVER_ENTRY, {
    cwd: REPO_ROOT,
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

async function measure(
  label: string,
  options: Omit<AutocannonOptions, 'duration' | 'connections'>,
  connections = CONNECTIONS,
): Promise<Row> {
  process.stderr.write(`warm-up ${WARMUP_S} s: ${label}\n`);
  await autocannon({ ...options, connections, duration: WARMUP_S });
  process.stderr.write(`measure ${DURATION_S} s: ${label}\n`);
  const result = await autocannon({ ...options, connections, duration: DURATION_S });
  return fromAutocannon(label, connections, result);
}

/** Opens one socket.io client on /telemetry: WebSocket only, its own connection, no retries. */
function connectSocket(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(`${baseUrl}/telemetry`, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
    timeout: SOCKET_CONNECT_TIMEOUT_MS,
  });
  return new Promise<Socket>((resolveSocket, reject) => {
    socket.once('connect', () => resolveSocket(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`socket connect: ${error.message}`));
    });
  });
}

interface SocketTally {
  /** Ack latency of each successful command in the window, ms. */
  latenciesMs: number[];
  refused: number;
  errors: number;
  /** The first refusal or error seen, to say what went wrong. */
  firstProblem?: string;
}

/**
 * One client's closed loop: the next `command` leaves as soon as the last one's ack arrived,
 * until the deadline (or the count bound). Latency is request emitted -> ack received.
 */
async function driveSocket(
  socket: Socket,
  parameters: BenchServerInfo['move'],
  deadlineMs: number,
  tally: SocketTally | null,
): Promise<void> {
  for (let i = 0; i < SOCKET_MAX_COMMANDS_PER_CLIENT && performance.now() < deadlineMs; i++) {
    const startedAt = performance.now();
    let ack: unknown;
    try {
      ack = await socket
        .timeout(SOCKET_ACK_TIMEOUT_MS)
        .emitWithAck('command', { action: 'move', parameters });
    } catch (error) {
      if (tally) {
        tally.errors++;
        tally.firstProblem ??= error instanceof Error ? error.message : String(error);
      }
      if (!socket.connected) return;
      continue;
    }
    const elapsedMs = performance.now() - startedAt;
    if (!tally) continue;
    if ((ack as { status?: unknown } | null)?.status === 'success')
      tally.latenciesMs.push(elapsedMs);
    else {
      tally.refused++;
      tally.firstProblem ??= JSON.stringify(ack);
    }
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The socket `command` round trip: SOCKET_CLIENTS clients, each its own WebSocket. */
async function measureSocketCommands(label: string, info: BenchServerInfo): Promise<Row> {
  const baseUrl = `http://127.0.0.1:${info.fullPort}`;
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < SOCKET_CLIENTS; i++)
      sockets.push(await connectSocket(baseUrl, info.accessToken));
    process.stderr.write(`warm-up ${WARMUP_S} s: ${label}\n`);
    const warmupEnd = performance.now() + WARMUP_S * 1000;
    await Promise.all(sockets.map((socket) => driveSocket(socket, info.move, warmupEnd, null)));
    process.stderr.write(`measure ${DURATION_S} s: ${label}\n`);
    const tally: SocketTally = { latenciesMs: [], refused: 0, errors: 0 };
    const startedAt = performance.now();
    const deadline = startedAt + DURATION_S * 1000;
    await Promise.all(sockets.map((socket) => driveSocket(socket, info.move, deadline, tally)));
    const elapsedS = (performance.now() - startedAt) / 1000;
    if (tally.firstProblem) process.stderr.write(`socket commands: ${tally.firstProblem}\n`);
    const sorted = tally.latenciesMs.sort((a, b) => a - b);
    const total = sorted.length + tally.refused + tally.errors;
    return {
      label,
      connections: SOCKET_CLIENTS,
      perSecond: sorted.length / elapsedS,
      p50: fmt(percentile(sorted, 50), 2),
      p99: fmt(percentile(sorted, 99), 2),
      max: fmt(sorted[sorted.length - 1] ?? Number.NaN, 2),
      total,
      refused: tally.refused,
      errors: tally.errors,
    };
  } finally {
    for (const socket of sockets) socket.close();
  }
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);

function report(
  rows: Row[],
  bare: Row,
  bareFastify: Row,
  full: Row,
  info: BenchServerInfo,
  logBytes: number,
): string {
  // The ratio compares the bare app with the authenticated read; the rows between break the
  // difference down (the full pipeline on a public route, then with authentication). The control
  // rows after them are motion commands, a different question (see the header line).
  const ratio = full.perSecond / bare.perSecond;
  const fastifyRatio = full.perSecond / bareFastify.perSecond;
  const p99 = Number(full.p99);
  const bareP99 = Number(bare.p99);
  const lines = [
    `HTTP benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`,
    `${CONNECTIONS} connections unless the conns column says otherwise, ${WARMUP_S} s warm-up then ${DURATION_S} s per route, load generator and server in separate processes`,
    `control rows: simulated rover (SERIAL_PORT=${info.roverLink}), move ${JSON.stringify(info.move)}, control limit raised to ${info.controlLimit} per ${info.controlTtlMs} ms per user and the socket inbound limit to ${info.inboundPerSecond}/s per socket for the run`,
    '',
    '| route | conns | req/s | p50 (ms) | p99 (ms) | max (ms) | requests | non-2xx | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.connections} | ${fmt(r.perSecond, 0)} | ${r.p50} | ${r.p99} | ${r.max} | ${r.total} | ${r.refused} | ${r.errors} |`,
    ),
    '',
    `| check | value | target | |`,
    '| --- | ---: | ---: | --- |',
    `| req/s ratio full / bare | ${fmt(ratio, 2)} | >= ${TARGET_RATIO} | ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'} |`,
    // The reference is Nest's default adapter; the service runs on Fastify, whose bare
    // route says how much of the figure the pipeline itself costs.
    `| req/s ratio full / bare on Fastify, for scale | ${fmt(fastifyRatio, 2)} | | |`,
    `| p99 of the full route | ${p99} ms | < ${TARGET_P99_MS} ms | ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'} |`,
    // At 50 connections the p99 follows throughput (queueing), so the bare route's p99 says what
    // this machine and load generator allow at all.
    `| p99 of the bare route, for scale | ${bareP99} ms | | ${bareP99 >= TARGET_P99_MS ? 'the bare app misses the p99 target on this machine too' : ''} |`,
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
    const bare = await measure('GET /hello (bare NestJS, Express)', {
      url: `http://127.0.0.1:${info.barePort}/hello`,
    });
    const bareFastify = await measure('GET /hello (bare NestJS, Fastify)', {
      url: `http://127.0.0.1:${info.bareFastifyPort}/hello`,
    });
    const rows = [
      bare,
      bareFastify,
      await measure('GET /health/live (full app pipeline, public)', {
        url: `http://127.0.0.1:${info.fullPort}/health/live`,
      }),
      await measure('GET /api/auth/me (full app, JWT, no record read)', {
        url: `http://127.0.0.1:${info.fullPort}/api/auth/me`,
        headers: { authorization: `Bearer ${info.accessToken}` },
      }),
    ];
    const full = await measure('GET /api/navigation/:id (full app, JWT)', {
      url: `http://127.0.0.1:${info.fullPort}/api/navigation/${info.navigationId}`,
      headers: { authorization: `Bearer ${info.accessToken}` },
    });
    rows.push(full);
    const control = {
      url: `http://127.0.0.1:${info.fullPort}/api/rover/control`,
      method: 'POST',
      body: JSON.stringify(info.move),
      headers: { authorization: `Bearer ${info.accessToken}`, 'content-type': 'application/json' },
    } as const;
    const controlLabel = 'POST /api/rover/control (full app, JWT, simulated rover ACK)';
    rows.push(await measure(controlLabel, control));
    rows.push(await measure(controlLabel, control, SOCKET_CLIENTS));
    rows.push(
      await measureSocketCommands('socket `command` move -> ack (/telemetry, WebSocket)', info),
    );
    const logBytes = statSync(logPath).size;
    process.stdout.write(`${report(rows, bare, bareFastify, full, info, logBytes)}\n`);
    // Numbers over failed requests would be meaningless: say so in the exit code.
    const invalid = rows.filter((r) => r.refused + r.errors > 0);
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
