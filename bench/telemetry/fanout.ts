/*
 * Telemetry fan-out benchmark (not a test): 500 socket.io clients subscribed to the `telemetry`
 * channel of `/telemetry` while the rover streams 50 Hz telemetry, next to a bare socket.io server
 * broadcasting the same payload at the same rate to as many clients, in one run on one machine.
 * Also the control round trip and e-stop -> EST on the pty, without clients and under that load.
 * `npm run bench:telemetry`; see bench/README.md.
 *
 * One file, four roles (argv[2]), each in its own process so that the load generator does not share
 * a measured event loop:
 *   (none)   the orchestrator: a socat pty pair, the fake rover on the rover end writing its own TEL
 *            frames at 50 Hz (a frame counter in position.x, process.hrtime at each write), the HTTP
 *            client (config, control commands, e-stops), the statistics and the table;
 *   server   the full app (test harness build, SERIAL_PORT=<pty>, the real serialport adapter) over a
 *            fresh SQLite file, request log at info to a file, as production writes it;
 *   bare     a plain socket.io server (the same socket.io package), one namespace, one room, a
 *            `volatile` broadcast at 50 Hz of the service's message shape, hrtime at each emit;
 *   clients  the socket.io clients, all in one event loop, recording hrtime at each receipt.
 * process.hrtime is CLOCK_MONOTONIC, so a write in one process and a receipt in another compare.
 * Every loop is bounded in count and in time; everything listens on loopback only.
 */
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { FakeRover } from '../../test/helpers/fake-rover';
import { startPtyPair, type PtyPair } from '../../test/helpers/pty-pair';
import type { TelemetryMessage } from '../../src/realtime/telemetry/events';
import { call, waitForLinkUp } from '../support/http-client';
import { toTelemetryData } from '../../src/realtime/telemetry/telemetry-data';
import { readingFor } from '../support/counted-reading';
import { msSince, nowNs, sleep, type Stats, stats } from '../support/measure';
import { spawnRole as spawnScriptRole, stopChild as stopScriptChild } from '../support/roles';
import { estopRound, sendPacedControls } from '../support/rover-rounds';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const RATE_HZ = 50;
const WARMUP_S = 3;
const MEASURE_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONTROLS = Number(process.env.BENCH_CONTROLS ?? 200);
const ESTOPS = Number(process.env.BENCH_ESTOPS ?? 100);
/** Discarded rounds before the first measured ones (JIT, connection pools, prepared statements). */
const WARMUP_CONTROLS = 200;
const CLIENTS_NICE = Number(process.env.BENCH_CLIENTS_NICE ?? 0);
const WARMUP_ESTOPS = 30;
const TARGET_RATE_RATIO = 0.9;
const TARGET_P99_RATIO = 1.5;
const TARGET_CONTROL_P99_DELTA_MS = 2;
const TARGET_ESTOP_P99_MS = 10;
/** Frames one side writes at most (the counter indexes fixed arrays): 160 s at 50 Hz. */
const MAX_FRAMES = 8000;
const CONNECT_CONCURRENCY = 20;
/** Hard caps, whatever the counts: a stuck run ends. */
const START_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 90_000;
const IPC_TIMEOUT_MS = 20_000;
const PHASE_TIMEOUT_MS = 60_000;
const RUN_CAP_MS = 360_000;

/** On stderr with the time of day, to line the phases up with whatever else ran on the machine. */
const progress = (text: string) =>
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}`);

// ---------------------------------------------------------------------------------------------
// IPC between the orchestrator and its roles.

/** CPU and memory of one process over a measured window. */
interface Usage {
  /** user + system CPU time over the window, as a percentage of one core. */
  cpuPct: number;
  rssMb: number;
  maxRssMb: number;
  wallS: number;
  /** The event loop's delay over the window (monitorEventLoopDelay, 1 ms resolution). */
  loopP99Ms: number;
  loopMaxMs: number;
}

interface ServiceInfo {
  baseUrl: string;
  adminToken: string;
  viewerToken: string;
  /** [0] e-stops and resumes; the others send the measured control commands in turn. */
  operatorTokens: string[];
}

interface ClientsReport {
  clients: number;
  /** Every (client, frame) receipt of a frame written in the window. */
  latency: Stats;
  delivered: number;
  /** Frames of the window that reached at least one client (the rest were never broadcast). */
  framesSeen: number;
  perClientMin: number;
  perClientMedian: number;
  disconnects: number;
  invalid: number;
}

type ToChild =
  | { type: 'usage-start' }
  | { type: 'usage-stop' }
  | { type: 'send-times' }
  | { type: 'report'; sentNs: number[]; from: number; to: number }
  | { type: 'stop' };

type FromChild =
  | { type: 'server-ready'; info: ServiceInfo }
  | { type: 'bare-ready'; url: string }
  | { type: 'clients-ready'; connected: number; failures: string[]; seconds: number }
  | { type: 'usage-started'; counter: number }
  | { type: 'usage'; usage: Usage; counter: number }
  | { type: 'send-times'; sentNs: number[] }
  | { type: 'report'; report: ClientsReport };

function reply(message: FromChild): void {
  process.send?.(message);
}

function onParentMessage(handler: (message: ToChild) => void): void {
  process.on('message', (message) => handler(message as ToChild));
}

/**
 * Answers usage-start / usage-stop: CPU from process.cpuUsage, RSS sampled every 250 ms in between.
 * `counter` is the role's frame counter, if it writes frames, so that the window is known in frames.
 */
function installUsageProbe(counter: () => number = () => 0): void {
  let started: { cpu: NodeJS.CpuUsage; ns: bigint } | undefined;
  let maxRss = 0;
  let sampler: NodeJS.Timeout | undefined;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  onParentMessage((message) => {
    if (message.type === 'usage-start') {
      loop.disable();
      loop.reset();
      loop.enable();
      started = { cpu: process.cpuUsage(), ns: nowNs() };
      maxRss = process.memoryUsage.rss();
      clearInterval(sampler);
      sampler = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage.rss())), 250);
      reply({ type: 'usage-started', counter: counter() });
    } else if (message.type === 'usage-stop' && started) {
      clearInterval(sampler);
      const wallMs = msSince(started.ns, nowNs());
      const cpu = process.cpuUsage(started.cpu);
      const rss = process.memoryUsage.rss();
      reply({
        type: 'usage',
        counter: counter(),
        usage: {
          cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
          rssMb: rss / 2 ** 20,
          maxRssMb: Math.max(maxRss, rss) / 2 ** 20,
          wallS: wallMs / 1000,
          loopP99Ms: loop.percentile(99) / 1e6,
          loopMaxMs: loop.max / 1e6,
        },
      });
    }
  });
}

function exitOnStop(stop: () => Promise<void>): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  onParentMessage((message) => {
    if (message.type === 'stop') once();
  });
  process.on('disconnect', once);
  process.once('SIGTERM', once);
  process.once('SIGINT', once);
}

// ---------------------------------------------------------------------------------------------
// The frames: a counter that survives the wire and the service's mapping unchanged.

/** What the service puts on the socket for that reading (realtime.service.ts), for the bare side. */
function messageFor(counter: number): TelemetryMessage {
  const data = toTelemetryData(readingFor(counter));
  return { type: 'telemetry', seq: counter, timestamp: new Date().toISOString(), data };
}

/**
 * Calls `emit(counter)` at `hz` on the clock (frame n is due at start + n / hz, so timer lateness
 * does not accumulate), recording process.hrtime just before each call. Stops at MAX_FRAMES.
 */
class FramePacer {
  /** Indexed by counter (1-based); 0 = not written. */
  readonly sentNs: number[] = [];
  counter = 0;
  private timer?: NodeJS.Timeout;
  private startedNs = 0n;

  constructor(
    private readonly hz: number,
    private readonly emit: (counter: number) => void,
  ) {}

  start(): void {
    this.startedNs = nowNs();
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.counter >= MAX_FRAMES) return;
    const dueNs = this.startedNs + BigInt(Math.round((this.counter * 1e9) / this.hz));
    this.timer = setTimeout(() => this.tick(), Math.max(0, Number(dueNs - nowNs()) / 1e6));
  }

  private tick(): void {
    this.counter++;
    this.sentNs[this.counter] = Number(nowNs());
    this.emit(this.counter);
    this.schedule();
  }
}

// ---------------------------------------------------------------------------------------------
// Role: server (the full app)

async function runServer(): Promise<void> {
  const { createUserAndLogin, loginAdmin, loginOperators, startServiceOnPty } =
    await import('../support/service');
  const app = await startServiceOnPty({
    SOCKET_MAX_PER_USER: '1000', // all clients sign in as one viewer
  });
  installUsageProbe();
  exitOnStop(() => app.close()); // also deletes the SQLite file
  const admin = await loginAdmin(app.baseUrl);
  const viewer = await createUserAndLogin(app.baseUrl, admin, 'viewer');
  const operatorTokens = await loginOperators(app.baseUrl, admin, 7);
  reply({
    type: 'server-ready',
    info: {
      baseUrl: app.baseUrl,
      adminToken: admin.accessToken,
      viewerToken: viewer.accessToken,
      operatorTokens,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Role: bare (plain socket.io, the baseline)

async function runBare(): Promise<void> {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false });
  const namespace = io.of('/telemetry');
  namespace.on('connection', (socket) => {
    socket.on('subscribe', (_payload: unknown, ack: (answer: object) => void) => {
      void socket.join('telemetry');
      ack({ type: 'subscription_confirmed', channels: ['telemetry'] });
    });
  });
  const pacer = new FramePacer(RATE_HZ, (counter) =>
    namespace.to('telemetry').volatile.emit('telemetry', messageFor(counter)),
  );
  await new Promise<void>((listening) => httpServer.listen(0, '127.0.0.1', listening));
  installUsageProbe(() => pacer.counter);
  onParentMessage((message) => {
    if (message.type === 'send-times') reply({ type: 'send-times', sentNs: pacer.sentNs });
  });
  exitOnStop(async () => {
    pacer.stop();
    await io.close(); // closes the HTTP server too
  });
  pacer.start();
  const { port } = httpServer.address() as AddressInfo;
  reply({ type: 'bare-ready', url: `http://127.0.0.1:${port}/telemetry` });
}

// ---------------------------------------------------------------------------------------------
// Role: clients

interface BenchServerEvents {
  telemetry: (message: TelemetryMessage) => void;
}

interface BenchClientEvents {
  subscribe: (
    payload: { channels: string[] },
    ack: (answer: { type?: string; channels?: string[] }) => void,
  ) => void;
}

type BenchSocket = ClientSocket<BenchServerEvents, BenchClientEvents>;

async function runClients(): Promise<void> {
  const url = process.env.BENCH_URL ?? '';
  const token = process.env.BENCH_TOKEN;
  const wanted = Number(process.env.BENCH_CLIENTS ?? CLIENTS);
  const clients: { socket: BenchSocket; receivedNs: Float64Array }[] = [];
  const sockets: BenchSocket[] = [];
  const failures: string[] = [];
  let disconnects = 0;
  let invalid = 0;

  const connectOne = async (): Promise<void> => {
    const socket: BenchSocket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true, // one WebSocket each, as 500 consoles would hold (not one multiplexed)
      timeout: 10_000,
      ...(token ? { auth: { token } } : {}),
    });
    sockets.push(socket);
    const receivedNs = new Float64Array(MAX_FRAMES + 1);
    socket.on('telemetry', (message) => {
      const atNs = Number(nowNs());
      if (message.snapshot) return;
      const counter = message.data.position.x;
      if (!Number.isInteger(counter) || counter < 1 || counter > MAX_FRAMES) invalid++;
      else receivedNs[counter] = atNs;
    });
    try {
      await new Promise<void>((connected, refused) => {
        socket.once('connect', () => connected());
        socket.once('connect_error', refused);
      });
      const ack = await socket
        .timeout(10_000)
        .emitWithAck('subscribe', { channels: ['telemetry'] });
      if (ack.type !== 'subscription_confirmed')
        throw new Error(`subscribe: ${JSON.stringify(ack)}`);
    } catch (error) {
      socket.disconnect();
      throw error;
    }
    socket.on('disconnect', () => disconnects++);
    clients.push({ socket, receivedNs });
  };

  const startedNs = nowNs();
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted && Date.now() < deadline && failures.length < 20) {
      next++;
      await connectOne().catch((error: unknown) =>
        failures.push(error instanceof Error ? error.message : String(error)),
      );
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));

  installUsageProbe();
  onParentMessage((message) => {
    if (message.type !== 'report') return;
    const { sentNs, from, to } = message;
    const latencies = new Float64Array(clients.length * Math.max(0, to - from));
    const perClient: number[] = [];
    const seen = new Set<number>();
    let k = 0;
    for (const { receivedNs } of clients) {
      let count = 0;
      for (let counter = from; counter < to; counter++) {
        const received = receivedNs[counter];
        const sent = sentNs[counter] ?? 0;
        if (received > 0 && sent > 0) {
          latencies[k++] = (received - sent) / 1e6;
          count++;
          seen.add(counter);
        }
      }
      perClient.push(count);
    }
    perClient.sort((a, b) => a - b);
    reply({
      type: 'report',
      report: {
        clients: clients.length,
        latency: stats(latencies.subarray(0, k)),
        delivered: k,
        framesSeen: seen.size,
        perClientMin: perClient[0] ?? 0,
        perClientMedian: perClient[Math.floor(perClient.length / 2)] ?? 0,
        disconnects,
        invalid,
      },
    });
  });
  exitOnStop(() => {
    sockets.forEach((socket) => socket.disconnect());
    return Promise.resolve();
  });
  reply({
    type: 'clients-ready',
    connected: clients.length,
    failures: failures.slice(0, 5),
    seconds: msSince(startedNs, nowNs()) / 1000,
  });
}

// ---------------------------------------------------------------------------------------------
// Orchestrator: processes and IPC

type Role = 'server' | 'bare' | 'clients';
/** Everything the run started, for the watchdog to kill if the run is stuck. */
const children = new Set<ChildProcess>();
let activePty: PtyPair | undefined;

function spawnRole(role: Role, env: Record<string, string>, logFd?: number): ChildProcess {
  const child = spawnScriptRole(__filename, role, env, logFd);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The child's next message of `type` (sending `message` first, if given), or an error. */
function ask<T extends FromChild['type']>(
  child: ChildProcess,
  type: T,
  message?: ToChild,
  timeoutMs = IPC_TIMEOUT_MS,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolveMessage, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (received: unknown) => {
      if ((received as FromChild).type !== type) return;
      cleanup();
      resolveMessage(received as Extract<FromChild, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${type}: the child exited (code ${code}, signal ${signal})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${type}: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (message) child.send(message);
  });
}

const stopChild = (child: ChildProcess | undefined) =>
  stopScriptChild(child, { type: 'stop' } satisfies ToChild);

// ---------------------------------------------------------------------------------------------
// Orchestrator: HTTP

/** Sets the telemetry channel to RATE_HZ; says what rate is in force if that did not work. */
async function setTelemetryRate(agent: Agent, info: ServiceInfo): Promise<string | undefined> {
  const patched = await call(agent, info.baseUrl, 'PATCH', '/api/config', info.adminToken, {
    telemetryRateHz: RATE_HZ,
  });
  const read = await call(agent, info.baseUrl, 'GET', '/api/config', info.adminToken);
  if (read.body.telemetryRateHz === RATE_HZ) return undefined;
  return `PATCH /api/config answered ${patched.status}, GET /api/config ${read.status} with telemetryRateHz ${String(read.body.telemetryRateHz)}`;
}

// ---------------------------------------------------------------------------------------------
// Orchestrator: control commands and e-stops (measured as bench/estop/run.ts does)

interface ControlRun {
  control: number[];
  /** The control round trip in three legs, from the fake rover's timestamps of the MOV frame. */
  legs: { toRover: number[]; roverTurn: number[]; back: number[] };
  estop: number[];
  failures: string[];
  /** The server process over the control and e-stop rounds. */
  server?: Usage;
}

const loopOf = (usage?: Usage) =>
  usage ? `${usage.loopP99Ms.toFixed(1)} / ${usage.loopMaxMs.toFixed(1)} ms` : 'n/a';

async function measureControlAndEstop(
  agent: Agent,
  info: ServiceInfo,
  rover: FakeRover,
  counts: { controls: number; estops: number },
  server: ChildProcess,
): Promise<ControlRun> {
  await ask(server, 'usage-started', { type: 'usage-start' });
  const run: ControlRun = {
    control: [],
    legs: { toRover: [], roverTurn: [], back: [] },
    estop: [],
    failures: [],
  };
  const { baseUrl, operatorTokens } = info;
  await sendPacedControls(
    agent,
    baseUrl,
    operatorTokens.slice(1),
    counts.controls,
    PHASE_TIMEOUT_MS,
    (answer, roundTripMs) => {
      if (answer.status !== 200) return void run.failures.push(`control ${answer.status}`);
      run.control.push(roundTripMs);
      const endNs = nowNs();
      const startNs = endNs - BigInt(Math.round(roundTripMs * 1e6));
      const move = rover.frames.findLast((f) => f.type === 'MOV' && f.receivedAtNs >= startNs);
      if (move?.answeredAtNs === undefined) return;
      run.legs.toRover.push(msSince(startNs, move.receivedAtNs));
      run.legs.roverTurn.push(msSince(move.receivedAtNs, move.answeredAtNs));
      run.legs.back.push(msSince(move.answeredAtNs, endNs));
      if (rover.frames.length > 1000) rover.clear();
    },
  );
  const token = operatorTokens[0];
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  for (let i = 0; i < counts.estops && Date.now() < deadline; i++) {
    const round = await estopRound(agent, baseUrl, token, rover);
    if (round.outcome === 'not-resumed') run.failures.push(`resume ${round.resumed.status}`);
    else if (round.outcome === 'no-est') run.failures.push(round.error);
    else {
      if (round.reply.status !== 200) run.failures.push(`e-stop ${round.reply.status}`);
      run.estop.push(round.wireMs);
    }
  }
  await call(agent, baseUrl, 'POST', '/api/rover/resume', token, { reason: 'benchmark done' });
  run.server = (await ask(server, 'usage', { type: 'usage-stop' })).usage;
  return run;
}

// ---------------------------------------------------------------------------------------------
// Orchestrator: one side (service or bare)

interface SideResult {
  label: string;
  frames: number;
  windowS: number;
  report: ClientsReport;
  server: Usage;
  clientsUsage: Usage;
  connectS: number;
}

interface Window {
  from: number;
  to: number;
  server: Usage;
  clientsUsage: Usage;
}

/** Connects the clients, lets them warm up, then measures one window of frames. */
async function connectClients(url: string, token?: string) {
  const clients = spawnRole('clients', {
    BENCH_URL: url,
    BENCH_CLIENTS: String(CLIENTS),
    ...(token ? { BENCH_TOKEN: token } : {}),
  });
  // Real clients are on other machines; a nice value lets the servers go first for the CPU on
  // this one, the same for both sides (BENCH_CLIENTS_NICE, 0 = as is).
  if (CLIENTS_NICE !== 0 && clients.pid !== undefined) setPriority(clients.pid, CLIENTS_NICE);
  const ready = await ask(
    clients,
    'clients-ready',
    undefined,
    CONNECT_TIMEOUT_MS + START_TIMEOUT_MS,
  );
  if (ready.connected < CLIENTS) {
    throw new Error(
      `only ${ready.connected}/${CLIENTS} clients connected and subscribed: ${ready.failures.join('; ')}`,
    );
  }
  return { clients, connectS: ready.seconds };
}

async function measureWindow(
  server: ChildProcess,
  clients: ChildProcess,
  counter: () => number | undefined,
): Promise<Window> {
  await sleep(WARMUP_S * 1000);
  const [serverStart] = await Promise.all([
    ask(server, 'usage-started', { type: 'usage-start' }),
    ask(clients, 'usage-started', { type: 'usage-start' }),
  ]);
  const from = (counter() ?? serverStart.counter) + 1;
  await sleep(MEASURE_S * 1000);
  const [serverStop, clientsStop] = await Promise.all([
    ask(server, 'usage', { type: 'usage-stop' }),
    ask(clients, 'usage', { type: 'usage-stop' }),
  ]);
  const to = (counter() ?? serverStop.counter) + 1;
  return { from, to, server: serverStop.usage, clientsUsage: clientsStop.usage };
}

async function reportOf(
  clients: ChildProcess,
  label: string,
  sentNs: number[],
  window: Window,
  connectS: number,
): Promise<SideResult> {
  await sleep(500); // the window's last frames are still on their way
  const { report } = await ask(clients, 'report', {
    type: 'report',
    sentNs: sentNs.slice(0, window.to),
    from: window.from,
    to: window.to,
  });
  const frames = window.to - window.from;
  const spanNs = (sentNs[window.to - 1] ?? 0) - (sentNs[window.from] ?? 0);
  return {
    label,
    frames,
    // From the first write to the last, plus one interval: the frames' own time span.
    windowS: (spanNs / 1e9) * (frames / Math.max(1, frames - 1)),
    report,
    server: window.server,
    clientsUsage: window.clientsUsage,
    connectS,
  };
}

async function runBareSide(): Promise<SideResult> {
  const bare = spawnRole('bare', {});
  let clients: ChildProcess | undefined;
  try {
    const { url } = await ask(bare, 'bare-ready', undefined, START_TIMEOUT_MS);
    progress(`bare socket.io: connecting ${CLIENTS} clients\n`);
    const connected = await connectClients(url);
    clients = connected.clients;
    progress(`bare socket.io: ${WARMUP_S} s warm-up, ${MEASURE_S} s measured\n`);
    const window = await measureWindow(bare, clients, () => undefined);
    const { sentNs } = await ask(bare, 'send-times', { type: 'send-times' });
    return await reportOf(
      clients,
      'bare socket.io (volatile room broadcast, emitted on a timer)',
      sentNs,
      window,
      connected.connectS,
    );
  } finally {
    await stopChild(clients);
    await stopChild(bare);
  }
}

interface ServiceResult {
  side: SideResult;
  rateProblem?: string;
  idle: ControlRun;
  loaded: ControlRun;
}

async function runServiceSide(dir: string, agent: Agent): Promise<ServiceResult> {
  const measured = { controls: CONTROLS, estops: ESTOPS };
  const logPath = join(dir, 'server.log');
  let pty: PtyPair | undefined;
  let rover: FakeRover | undefined;
  let pacer: FramePacer | undefined;
  let server: ChildProcess | undefined;
  let clients: ChildProcess | undefined;
  try {
    pty = await startPtyPair();
    activePty = pty;
    // No telemetry timer of its own: the pacer writes every TEL frame; ACKs keep the link up.
    rover = new FakeRover(pty.roverPath, { mode: 'ack', telemetryHz: 0 });
    rover.telemetryPaused = true;
    await rover.open();
    const logFd = openSync(logPath, 'a');
    server = spawnRole('server', { BENCH_SERIAL_PORT: pty.hostPath }, logFd);
    closeSync(logFd); // the child has its own copy
    const { info } = await ask(server, 'server-ready', undefined, START_TIMEOUT_MS);
    const fakeRover = rover;
    pacer = new FramePacer(RATE_HZ, (counter) =>
      fakeRover.send({ type: 'TEL', telemetry: readingFor(counter) }),
    );
    pacer.start();
    await waitForLinkUp(agent, info.baseUrl, 10_000, info.adminToken);
    const rateProblem = await setTelemetryRate(agent, info);
    if (rateProblem)
      process.stderr.write(`telemetry rate not set to ${RATE_HZ} Hz: ${rateProblem}\n`);

    progress(`service, no clients: ${CONTROLS} controls, ${ESTOPS} e-stops\n`);
    await measureControlAndEstop(
      agent,
      info,
      rover,
      { controls: WARMUP_CONTROLS, estops: WARMUP_ESTOPS },
      server,
    );
    const idle = await measureControlAndEstop(agent, info, rover, measured, server);

    progress(`service: connecting ${CLIENTS} clients\n`);
    const connected = await connectClients(info.baseUrl + '/telemetry', info.viewerToken);
    clients = connected.clients;
    progress(`service: ${WARMUP_S} s warm-up, ${MEASURE_S} s measured\n`);
    const activePacer = pacer;
    const window = await measureWindow(server, clients, () => activePacer.counter);

    progress(`service, ${CLIENTS} clients: ${CONTROLS} controls, ${ESTOPS} e-stops\n`);
    const loaded = await measureControlAndEstop(agent, info, rover, measured, server);
    const side = await reportOf(
      clients,
      'service: pty -> serialport -> /telemetry `telemetry` channel',
      pacer.sentNs,
      window,
      connected.connectS,
    );
    return { side, rateProblem, idle, loaded };
  } finally {
    await stopChild(clients);
    pacer?.stop();
    await stopChild(server);
    await rover?.close();
    await pty?.close();
    activePty = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Orchestrator: the table

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const k1 = (n: number) => `${(n / 1000).toFixed(1)}k`;

function sideRow(side: SideResult): string {
  const { report, server, clientsUsage } = side;
  const rate = report.delivered / side.windowS;
  const cells = [
    side.label,
    report.clients,
    side.frames,
    `${report.framesSeen} (${report.perClientMin} / ${report.perClientMedian})`,
    k1(rate),
    f2(report.latency.p50),
    f2(report.latency.p99),
    f2(report.latency.max),
    f1(server.cpuPct),
    `${server.rssMb.toFixed(0)} (${server.maxRssMb.toFixed(0)})`,
    f1(clientsUsage.cpuPct),
  ];
  return `| ${cells.join(' | ')} |`;
}

function controlRow(label: string, samples: number[]): string {
  const s = stats(samples);
  return `| ${label} | ${s.n} | ${f2(s.p50)} | ${f2(s.p99)} | ${f2(s.max)} | ${f2(s.mean)} |`;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

async function orchestrate(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rmc-bench-telemetry-'));
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const lines: string[] = [];
  const loadBefore = loadavg();
  let failed = false;
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench:telemetry: over ${RUN_CAP_MS} ms, killing its processes\n`);
    children.forEach((child) => child.kill('SIGKILL'));
    const socat = activePty?.pid;
    if (socat) process.kill(socat, 'SIGKILL');
    if (activePty) rmSync(activePty.dir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }, RUN_CAP_MS);
  watchdog.unref();
  try {
    const bare = await runBareSide();
    const service = await runServiceSide(dir, agent);
    const loadAfter = loadavg();

    const serviceSide = service.side;
    const serviceRate = serviceSide.report.delivered / serviceSide.windowS;
    const bareRate = bare.report.delivered / bare.windowS;
    const rateRatio = serviceRate / bareRate;
    const p99Ratio = serviceSide.report.latency.p99 / bare.report.latency.p99;
    const idleControl = stats(service.idle.control);
    const loadedControl = stats(service.loaded.control);
    const loadedEstop = stats(service.loaded.estop);
    const rateLabel = service.rateProblem
      ? `the service's telemetry rate could NOT be set to ${RATE_HZ} Hz (${service.rateProblem})`
      : `the service's telemetry channel set to ${RATE_HZ} Hz with PATCH /api/config`;
    lines.push(
      `Telemetry fan-out benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`,
      `load average before ${loadBefore.map(f2).join(' ')}, after ${loadAfter.map(f2).join(' ')}; ${CLIENTS} clients in one process (nice ${CLIENTS_NICE}), ${RATE_HZ} Hz written, ${WARMUP_S} s warm-up, ${MEASURE_S} s measured per side; ${rateLabel}`,
      '',
      '| side | clients | frames written | frames broadcast (min / median received per client) | delivered msgs/s | p50 (ms) | p99 (ms) | max (ms) | server CPU (% of a core) | server RSS MB (max) | clients CPU (% of a core) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      sideRow(bare),
      sideRow(serviceSide),
      '',
      `clients connected and subscribed in ${f1(bare.connectS)} s (bare), ${f1(serviceSide.connectS)} s (service); disconnects during the run: bare ${bare.report.disconnects}, service ${serviceSide.report.disconnects}; undecodable counters: ${bare.report.invalid + serviceSide.report.invalid}`,
      `latency samples: bare ${bare.report.latency.n}, service ${serviceSide.report.latency.n}; mean bare ${f2(bare.report.latency.mean)} ms, service ${f2(serviceSide.report.latency.mean)} ms`,
      '',
      '| control and e-stop (fake rover, ack mode) | n | p50 (ms) | p99 (ms) | max (ms) | mean (ms) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      controlRow(`control round trip, ${RATE_HZ} Hz telemetry, no clients`, service.idle.control),
      controlRow(`control round trip, ${CLIENTS} clients`, service.loaded.control),
      ...(['idle', 'loaded'] as const).flatMap((phase) => {
        const { toRover, roverTurn, back } = service[phase].legs;
        const when = phase === 'idle' ? 'no clients' : `${CLIENTS} clients`;
        return [
          controlRow(`- request -> MOV at the rover, ${when}`, toRover),
          controlRow(`- MOV -> ACK written by the rover, ${when}`, roverTurn),
          controlRow(`- ACK written -> 200 received, ${when}`, back),
        ];
      }),
      controlRow('e-stop request -> EST on the pty, no clients', service.idle.estop),
      controlRow(`e-stop request -> EST on the pty, ${CLIENTS} clients`, service.loaded.estop),
      '',
      `server event loop delay during these rounds (p99 / max): no clients ${loopOf(service.idle.server)}, ${CLIENTS} clients ${loopOf(service.loaded.server)}; server CPU ${f1(service.idle.server?.cpuPct ?? NaN)} % and ${f1(service.loaded.server?.cpuPct ?? NaN)} % of a core`,
      '',
      '| check | value | target | |',
      '| --- | ---: | ---: | --- |',
      `| delivered msgs/s, service / bare | ${f2(rateRatio)}x (${k1(serviceRate)} / ${k1(bareRate)}) | >= ${TARGET_RATE_RATIO}x | ${verdict(rateRatio >= TARGET_RATE_RATIO)} |`,
      `| p99 latency, service / bare | ${f2(p99Ratio)}x (${f2(serviceSide.report.latency.p99)} / ${f2(bare.report.latency.p99)} ms) | <= ${TARGET_P99_RATIO}x | ${verdict(p99Ratio <= TARGET_P99_RATIO)} |`,
      `| control round trip p99 under load - idle | ${f2(loadedControl.p99 - idleControl.p99)} ms (${f2(loadedControl.p99)} - ${f2(idleControl.p99)}) | <= ${TARGET_CONTROL_P99_DELTA_MS} ms | ${verdict(loadedControl.p99 - idleControl.p99 <= TARGET_CONTROL_P99_DELTA_MS)} |`,
      `| e-stop -> EST p99 under load | ${f2(loadedEstop.p99)} ms | < ${TARGET_ESTOP_P99_MS} ms | ${verdict(loadedEstop.p99 < TARGET_ESTOP_P99_MS)} |`,
    );
    const sideFailures = [bare, serviceSide]
      .filter((side) => side.report.delivered === 0 || side.report.disconnects > 0)
      .map(
        (side) =>
          `${side.label}: ${side.report.delivered} delivered, ${side.report.disconnects} disconnects`,
      );
    const controlFailures = [...service.idle.failures, ...service.loaded.failures];
    if (sideFailures.length > 0 || controlFailures.length > 0) {
      failed = true;
      lines.push('', `failures: ${[...sideFailures, ...controlFailures].slice(0, 10).join('; ')}`);
    }
  } finally {
    clearTimeout(watchdog);
    await Promise.all([...children].map((child) => stopChild(child)));
    agent.destroy();
    // The server's request log (responseTime per request), to tell server time from the rest.
    const keepLog = process.env.BENCH_KEEP_LOG;
    if (keepLog) copyFileSync(join(dir, 'server.log'), keepLog);
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failed) process.exitCode = 1;
}

const role = process.argv[2];
const main =
  role === 'server'
    ? runServer
    : role === 'bare'
      ? runBare
      : role === 'clients'
        ? runClients
        : orchestrate;
main().catch((error: unknown) => {
  process.stderr.write(
    `bench:telemetry ${role ?? ''} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
