/*
 * Fleet over MQTT benchmark (not a test): 1,000 fake VDA 5050 vehicles publishing `state` at 1 Hz
 * through one broker into the service: messages/s ingested, latency from each publish to its
 * update on the `fleet` channel (p50 / p99), the server's CPU and RSS. `npm run bench:fleet`;
 * see bench/README.md.
 *
 * Processes, each its own, so that no load generator shares a measured event loop:
 *   this one   the orchestrator: starts the others, holds the socket.io client subscribed to
 *              `fleet` on /telemetry (process.hrtime at each receipt) and a plain MQTT subscriber
 *              to every state (the broker's share of the latency), scrapes /metrics, samples every
 *              process's CPU and RSS from /proc, and prints the tables;
 *   mosquitto  a private broker (Debian's /usr/sbin/mosquitto) on a free loopback port, not the
 *              machine's shared one on 1883;
 *   service    `node dist/main.js` (test/helpers/process-app.ts: no shell, an explicit environment,
 *              a fresh SQLite file), NODE_ENV=production, LOG_LEVEL=warn, FLEET_SIMULATION=false,
 *              FLEET_MQTT_URL to the private broker, METRICS_TOKEN set;
 *   swarm      bench/fleet/agv-swarm.ts: the vehicles, by default one MQTT connection each.
 * process.hrtime is CLOCK_MONOTONIC, so a publish in the swarm and a receipt here compare.
 *
 * Env: BENCH_AGVS (1000), BENCH_CONNECTIONS (= BENCH_AGVS: one per vehicle), BENCH_DURATION_S (30),
 * BENCH_WARMUP_S (5), BENCH_BROKER_NODELAY (0; 1: mosquitto's set_tcp_nodelay), BENCH_FLEET_CLIENTS
 * (1; more dashboards subscribed to `fleet`, in this process), BENCH_CPU_PROF_DIR (unset; a
 * directory: the service's CPU profile of the window is left there, and summarised). Every phase
 * is bounded in time, the whole run too; everything listens on 127.0.0.1; every child process is
 * stopped, and the temp files removed, in `finally`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { connectAsync as connectMqtt, type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import type { RobotResponseDto } from '../../src/fleet/dto/robot-response.dto';
import type { ChannelMessage } from '../../src/realtime/telemetry/events';
import {
  freePort,
  type ProcessApp,
  requestJson,
  spawnProcessApp,
} from '../../test/helpers/process-app';
import { msSince, nowNs, sleep, stats } from '../support/measure';
import { spawnRole, stopChild } from '../support/roles';
import {
  type FromSwarm,
  indexOf,
  STATE_PERIOD_MS,
  type SwarmReport,
  type ToSwarm,
} from './agv-swarm';

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, not ${raw}`);
  return value;
}

const AGVS = intEnv('BENCH_AGVS', 1000, 1, 5000); // FLEET_MQTT_MAX_ROBOTS defaults to 5000
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', AGVS, 1, AGVS);
const DURATION_S = intEnv('BENCH_DURATION_S', 30, 1, 600);
const WARMUP_S = intEnv('BENCH_WARMUP_S', 5, 0, 120);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
/** 1: mosquitto's `set_tcp_nodelay true` (its default, false, leaves Nagle's algorithm on). */
const BROKER_NODELAY = intEnv('BENCH_BROKER_NODELAY', 0, 0, 1) === 1;
/** Dashboards subscribed to `fleet`, all in this process; the first is the measured one. */
const CLIENTS = intEnv('BENCH_FLEET_CLIENTS', 1, 1, 100);
/** The service with the client subscribed and no vehicles yet: its baseline. */
const IDLE_S = 5;
const RAMP_CAP_S = 120;
/** States per vehicle the swarm may send at most: the ramp, the warm-up, the window and slack. */
const MAX_SEQ = RAMP_CAP_S + WARMUP_S + DURATION_S + 30;
/** After the window, for the updates of its last publishes still on their way. */
const TAIL_MS = 2000;
const SAMPLE_EVERY_MS = 1000;
const START_TIMEOUT_MS = 60_000;
const RUN_CAP_MS = (IDLE_S + RAMP_CAP_S + WARMUP_S + DURATION_S + 120) * 1000;
const MOSQUITTO = '/usr/sbin/mosquitto';
/** prom-client's default eventLoopMonitoringPrecision, which the service keeps. */
const LOOP_PROBE_MS = 10;
const SWARM_SCRIPT = resolve(__dirname, 'agv-swarm.ts');

const progress = (text: string) =>
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

// ---------------------------------------------------------------------------------------------
// CPU and RSS of any process, from /proc, sampled once a second.

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readProc(pid: number): { cpuS: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "(comm) ": field 3 (state) is [0], so utime (14) is [11] and stime (15) is [12].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return {
      cpuS: (Number(fields[11]) + Number(fields[12])) / CLK_TCK,
      rssMb: rss ? Number(rss[1]) / 1024 : NaN,
    };
  } catch {
    return undefined; // the process is gone
  }
}

interface Usage {
  /** CPU time over the window as a percentage of one core. */
  cpuPct: number;
  /** The busiest sampling interval (1 s). */
  cpuPeakPct: number;
  rssMb: number;
  rssPeakMb: number;
}

class UsageSampler {
  private readonly first = new Map<string, { cpuS: number; atNs: bigint }>();
  private readonly last = new Map<string, { cpuS: number; atNs: bigint }>();
  private readonly peaks = new Map<string, number>();
  private readonly rss = new Map<string, number[]>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number>) {}

  start(): void {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), SAMPLE_EVERY_MS);
  }

  stop(): Record<string, Usage> {
    clearInterval(this.timer);
    this.sample(false);
    const usage: Record<string, Usage> = {};
    for (const name of Object.keys(this.pids)) {
      const first = this.first.get(name);
      const last = this.last.get(name);
      const rss = this.rss.get(name) ?? [];
      const wallS = first && last ? msSince(first.atNs, last.atNs) / 1000 : 0;
      usage[name] = {
        cpuPct: first && last && wallS > 0 ? ((last.cpuS - first.cpuS) / wallS) * 100 : NaN,
        cpuPeakPct: this.peaks.get(name) ?? NaN,
        rssMb: rss.length > 0 ? rss.reduce((a, b) => a + b, 0) / rss.length : NaN,
        rssPeakMb: rss.length > 0 ? Math.max(...rss) : NaN,
      };
    }
    return usage;
  }

  private sample(initial: boolean): void {
    const atNs = nowNs();
    for (const [name, pid] of Object.entries(this.pids)) {
      const reading = readProc(pid);
      if (!reading) continue;
      const previous = this.last.get(name);
      if (!initial && previous) {
        const pct = ((reading.cpuS - previous.cpuS) / (msSince(previous.atNs, atNs) / 1000)) * 100;
        this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, pct));
      }
      if (initial) this.first.set(name, { cpuS: reading.cpuS, atNs });
      this.last.set(name, { cpuS: reading.cpuS, atNs });
      const rss = this.rss.get(name) ?? [];
      rss.push(reading.rssMb);
      this.rss.set(name, rss);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// /metrics (Prometheus text)

interface Scrape {
  text: string;
  atNs: bigint;
}

async function scrape(app: ProcessApp, metricsToken: string): Promise<Scrape> {
  const res = await fetch(`${app.baseUrl}/metrics`, {
    headers: { Authorization: `Bearer ${metricsToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${text}`);
  return { text, atNs: nowNs() };
}

/**
 * The sum of every series of `name` whose labels include all of `labels`: 0 for a metric the text
 * declares with no such series yet (a labelled counter never incremented), NaN for an unknown one.
 */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const given = new Map(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).some(([key, value]) => given.get(key) !== value)) continue;
    sum += Number(match[3]);
    found = true;
  }
  return found || text.includes(`# TYPE ${name} `) ? sum : NaN;
}

// ---------------------------------------------------------------------------------------------
// BENCH_CPU_PROF_DIR: the service's CPU profile over the measured window

/**
 * Node refuses --cpu-prof in NODE_OPTIONS, and process-app.ts gives node no arguments; --require
 * is allowed. This preload starts V8's sampling profiler (through node:inspector, in-process) on
 * the first SIGUSR2 and writes the profile on the second, so the profile covers the window only.
 */
const PROFILER_PRELOAD = `'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
let session;
process.on('SIGUSR2', () => {
  if (!session) {
    session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  const active = session;
  session = undefined;
  active.post('Profiler.stop', (error, result) => {
    if (!error) {
      const file = join(process.env.BENCH_CPU_PROF_DIR, 'service-' + process.pid + '.cpuprofile');
      writeFileSync(file, JSON.stringify(result.profile));
    }
    active.disconnect();
  });
});
`;

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

function installProfilerPreload(dir: string, profileDir: string) {
  mkdirSync(profileDir, { recursive: true });
  const preload = join(dir, 'profiler-preload.js');
  writeFileSync(preload, PROFILER_PRELOAD);
  return {
    env: { NODE_OPTIONS: `--require ${preload}`, BENCH_CPU_PROF_DIR: profileDir },
    written: async (pid: number): Promise<{ file: string; profile: CpuProfile }> => {
      const file = join(profileDir, `service-${pid}.cpuprofile`);
      const deadline = Date.now() + 15_000;
      while (!existsSync(file) && Date.now() < deadline) await sleep(100);
      await sleep(200); // written in one call; let it finish
      return { file, profile: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile };
    },
  };
}

/** Where a frame's code lives: a package, a directory of the service, or V8's own buckets. */
function placeOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`.replace(/^\(\((.*)\)\)$/, '($1)');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/(?:src\/)?(.+)\/[^/]+$/.exec(url);
  if (own) return `src/${own[1]}`;
  if (url.startsWith('node:')) return 'node core';
  return url;
}

/** Self time over the window, by place and by function: the two top-12 lists. */
function profileSummary({ file, profile }: { file: string; profile: CpuProfile }): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, k) => {
    const frame = byId.get(id)?.callFrame;
    const us = profile.timeDeltas[k] ?? 0;
    if (!frame) return;
    totalUs += us;
    const place = placeOf(frame.url, frame.functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const where = frame.url
      ? ` ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
      : '';
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  });
  const busyUs = totalUs - (byPlace.get('(idle)') ?? 0);
  const top = (map: Map<string, number>) =>
    [...map]
      .filter(([key]) => key !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([key, us]) => `| ${key} | ${f1(us / 1000)} | ${f1((us / busyUs) * 100)} |`);
  return [
    '',
    `service CPU profile of the window (${file}): ${f0(busyUs / 1000)} ms busy in ${f0(totalUs / 1000)} ms; self time`,
    '',
    '| where | ms | % of busy |',
    '| --- | ---: | ---: |',
    ...top(byPlace),
    '',
    '| function | ms | % of busy |',
    '| --- | ---: | ---: |',
    ...top(byFunction),
  ];
}

// ---------------------------------------------------------------------------------------------
// The broker

interface Broker {
  child: ChildProcess;
  url: string;
  version: string;
}

async function startMosquitto(dir: string): Promise<Broker> {
  if (!existsSync(MOSQUITTO))
    throw new Error(`${MOSQUITTO} is missing (apt-get install mosquitto)`);
  const version = /mosquitto version (\S+)/.exec(
    (() => {
      try {
        return execFileSync(MOSQUITTO, ['-h'], { encoding: 'utf8' });
      } catch (error) {
        // `-h` exits 3 after printing the usage.
        const stdout = (error as { stdout?: unknown }).stdout;
        return typeof stdout === 'string' ? stdout : '';
      }
    })(),
  )?.[1];
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      `set_tcp_nodelay ${BROKER_NODELAY}`,
      '',
    ].join('\n'),
  );
  const child = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`mosquitto exited (${child.exitCode}) at start: ${stderr}`);
    const listening = await new Promise<boolean>((done) => {
      const socket = tcpConnect(port, '127.0.0.1', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (listening) break;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen in 10 s: ${stderr}`);
    await sleep(50);
  }
  return { child, url: `mqtt://127.0.0.1:${port}`, version: version ?? 'unknown' };
}

// ---------------------------------------------------------------------------------------------
// The service and the measuring client

type FleetMessage = ChannelMessage<'fleet', RobotResponseDto>;
interface FleetServerEvents {
  fleet: (message: FleetMessage) => void;
}
interface FleetClientEvents {
  subscribe: (
    payload: { channels: string[] },
    ack: (answer: { type?: string; channels?: string[] }) => void,
  ) => void;
}

/** Signs in as admin, creates a viewer (what a fleet dashboard holds) and signs in as it. */
async function viewerToken(app: ProcessApp, adminPassword: string): Promise<string> {
  const admin = await requestJson(app.baseUrl, 'POST', '/api/auth/login', {
    body: { username: 'admin', password: adminPassword },
  });
  if (admin.status !== 200) throw new Error(`admin login: ${admin.status}`);
  const password = `fleet-viewer-${randomBytes(8).toString('hex')}`;
  const created = await requestJson(app.baseUrl, 'POST', '/api/users', {
    token: String(admin.body.accessToken),
    body: { username: 'fleetviewer', password, role: 'viewer' },
  });
  if (created.status !== 201)
    throw new Error(`create viewer: ${created.status} ${JSON.stringify(created.body)}`);
  const viewer = await requestJson(app.baseUrl, 'POST', '/api/auth/login', {
    body: { username: 'fleetviewer', password },
  });
  if (viewer.status !== 200) throw new Error(`viewer login: ${viewer.status}`);
  return String(viewer.body.accessToken);
}

/** The one dashboard: every `fleet` update's receipt time, by (vehicle, state number). */
class FleetWatcher {
  /** Indexed by the swarm's global publish index (state number x AGVs + vehicle); 0: not yet. */
  readonly receivedNs = new Float64Array(AGVS * MAX_SEQ);
  socket?: Socket<FleetServerEvents, FleetClientEvents>;
  /** Live updates of MQTT vehicles, all, and those received while `counting`. */
  updates = 0;
  counted = 0;
  counting = false;
  /** A second update for a state already seen (e.g. a `connection` message's). */
  repeats = 0;
  /** Updates without a state number: those of a vehicle's `connection` before its first state. */
  positionless = 0;
  /** Updates that name no vehicle of the swarm, or a state number it never sent. */
  unpaired = 0;
  others = 0;
  snapshots = 0;
  disconnects = 0;

  async connect(baseUrl: string, token: string): Promise<void> {
    const socket: Socket<FleetServerEvents, FleetClientEvents> = io(`${baseUrl}/telemetry`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true, // a WebSocket of its own, as another dashboard would hold
      timeout: 10_000,
      auth: { token },
    });
    this.socket = socket;
    socket.on('fleet', (message) => this.onFleet(message, Number(nowNs())));
    await new Promise<void>((connected, refused) => {
      socket.once('connect', () => connected());
      socket.once('connect_error', refused);
    });
    socket.on('disconnect', () => this.disconnects++);
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { channels: ['fleet'] });
    if (ack.type !== 'subscription_confirmed') throw new Error(`subscribe: ${JSON.stringify(ack)}`);
  }

  private onFleet(message: FleetMessage, atNs: number): void {
    if (message.snapshot) return void this.snapshots++;
    const robot = message.data;
    if (robot.kind !== 'mqtt') return void this.others++;
    this.updates++;
    if (this.counting) this.counted++;
    const vehicle = indexOf(robot.name);
    const seq = robot.position?.x;
    if (seq === undefined) return void this.positionless++;
    if (vehicle < 0 || vehicle >= AGVS || !Number.isInteger(seq) || seq < 0 || seq >= MAX_SEQ)
      return void this.unpaired++;
    const j = seq * AGVS + vehicle;
    if (this.receivedNs[j] > 0) return void this.repeats++;
    this.receivedNs[j] = atNs;
  }
}

/**
 * A plain MQTT subscriber to every state, beside the service: when the broker hands each state
 * on, so that the latency splits into the broker's leg and the service's.
 */
class BrokerProbe {
  /** Indexed as FleetWatcher.receivedNs. */
  readonly receivedNs = new Float64Array(AGVS * MAX_SEQ);
  client?: MqttClient;

  async connect(url: string): Promise<void> {
    const client = await connectMqtt(url, {
      clientId: `bench-fleet-probe-${process.pid}`,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    this.client = client;
    client.on('message', (topic, payload) => {
      const atNs = Number(nowNs());
      // The swarm writes `"agvPosition":{"x":<state number>,` (fake-agv.ts's stateMessage).
      const seq = /"agvPosition":\{"x":(\d+),/.exec(payload.toString('latin1'))?.[1];
      const vehicle = indexOf(topic.split('/')[3] ?? '');
      if (seq === undefined || vehicle < 0 || vehicle >= AGVS || Number(seq) >= MAX_SEQ) return;
      const j = Number(seq) * AGVS + vehicle;
      if (this.receivedNs[j] === 0) this.receivedNs[j] = atNs;
    });
    await client.subscribeAsync('uagv/v2/+/+/state', { qos: 0 });
  }
}

// ---------------------------------------------------------------------------------------------
// Processes and IPC

/** Everything started, for the watchdog and `finally`. */
const children = new Set<ChildProcess>();

function askSwarm<T extends FromSwarm['type']>(
  swarm: ChildProcess,
  type: T,
  message: ToSwarm | undefined,
  timeoutMs: number,
  onOther?: (message: FromSwarm) => void,
): Promise<Extract<FromSwarm, { type: T }>> {
  return new Promise((resolveMessage, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      swarm.off('message', onMessage);
      swarm.off('exit', onExit);
    };
    const onMessage = (received: FromSwarm) => {
      if (received.type !== type) return onOther?.(received);
      cleanup();
      resolveMessage(received as Extract<FromSwarm, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`swarm ${type}: it exited (code ${code}, signal ${signal})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`swarm ${type}: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    swarm.on('message', onMessage);
    swarm.once('exit', onExit);
    if (message) swarm.send(message);
  });
}

/** For the watchdog and a signal: no waiting, and the service's temp database goes too. */
function killEverything(app?: ProcessApp): void {
  for (const child of children) child.kill('SIGKILL');
  app?.kill('SIGKILL');
  if (app) rmSync(dirname(app.databasePath), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// The run

interface Phase {
  usage: Record<string, Usage>;
  wallS: number;
  before: Scrape;
  after: Scrape;
}

/** Samples every process and scrapes /metrics at both ends (which resets the loop-delay histogram). */
async function measurePhase(
  app: ProcessApp,
  metricsToken: string,
  pids: Record<string, number>,
  seconds: number,
  onStart?: () => void,
  onEnd?: () => void,
): Promise<Phase> {
  const sampler = new UsageSampler(pids);
  const before = await scrape(app, metricsToken);
  sampler.start();
  onStart?.();
  const startNs = nowNs();
  await sleep(seconds * 1000);
  onEnd?.();
  const wallS = msSince(startNs, nowNs()) / 1000;
  const usage = sampler.stop();
  const after = await scrape(app, metricsToken);
  return { usage, wallS, before, after };
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');

function usageRow(process: string, phase: string, usage: Usage | undefined): string {
  const u = usage ?? { cpuPct: NaN, cpuPeakPct: NaN, rssMb: NaN, rssPeakMb: NaN };
  return `| ${process} | ${phase} | ${f1(u.cpuPct)} | ${f1(u.cpuPeakPct)} | ${f0(u.rssMb)} | ${f0(u.rssPeakMb)} |`;
}

/** What prom-client says of the service over a phase (the scrape at its start reset the histogram). */
function serviceInternals(phase: Phase): string {
  const { before, after } = phase;
  const gcS =
    metric(after.text, 'nodejs_gc_duration_seconds_sum') -
    metric(before.text, 'nodejs_gc_duration_seconds_sum');
  // prom-client's probe is a 10 ms repeating timer whose intervals are recorded whole: an idle
  // loop reads 10 ms. What is beyond that is the delay.
  const beyond = (name: string) => f1(Math.max(0, metric(after.text, name) * 1000 - LOOP_PROBE_MS));
  const cpuS =
    metric(after.text, 'process_cpu_seconds_total') -
    metric(before.text, 'process_cpu_seconds_total');
  return [
    `CPU by its own process_cpu_seconds_total ${f1((cpuS / (msSince(before.atNs, after.atNs) / 1000)) * 100)} % of a core`,
    `event-loop delay beyond the ${LOOP_PROBE_MS} ms probe p50 / p99 / max ${beyond('nodejs_eventloop_lag_p50_seconds')} / ${beyond('nodejs_eventloop_lag_p99_seconds')} / ${beyond('nodejs_eventloop_lag_max_seconds')} ms`,
    `GC ${f1((gcS / phase.wallS) * 100)} % of the time`,
    `heap used ${f0(metric(after.text, 'nodejs_heap_size_used_bytes') / 2 ** 20)} MB`,
  ].join(', ');
}

async function orchestrate(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rmc-bench-fleet-'));
  const loadBefore = loadavg();
  const adminPassword = `bench-admin-${randomBytes(12).toString('hex')}`;
  const metricsToken = randomBytes(24).toString('hex');
  const watchers = Array.from({ length: CLIENTS }, () => new FleetWatcher());
  const probe = new BrokerProbe();
  let app: ProcessApp | undefined;
  let swarm: ChildProcess | undefined;
  const lines: string[] = [];
  let failures: string[] = [];
  const watchdog = setTimeout(() => {
    progress(`bench:fleet: over ${RUN_CAP_MS} ms, killing its processes`);
    killEverything(app);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }, RUN_CAP_MS);
  watchdog.unref();
  const onSignal = () => {
    killEverything(app);
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    progress('starting a private mosquitto');
    const broker = await startMosquitto(dir);
    progress(`mosquitto ${broker.version} on ${broker.url}; starting the service (dist/main.js)`);
    const profiler = CPU_PROF_DIR ? installProfilerPreload(dir, resolve(CPU_PROF_DIR)) : undefined;
    app = await spawnProcessApp({
      env: {
        LOG_LEVEL: 'warn',
        FLEET_SIMULATION: 'false',
        FLEET_MQTT_URL: broker.url,
        ADMIN_PASSWORD: adminPassword,
        SOCKET_MAX_PER_USER: String(Math.max(20, CLIENTS)), // every dashboard is the one viewer
        METRICS_TOKEN: metricsToken,
        ...(profiler?.env ?? {}),
      },
    });
    await app.waitForReady(START_TIMEOUT_MS);
    const service = app;
    const token = await viewerToken(service, adminPassword);
    for (const each of watchers) await each.connect(service.baseUrl, token);
    await probe.connect(broker.url);
    const base = { service: service.pid, mosquitto: broker.child.pid ?? -1, client: process.pid };

    progress(`idle: ${IDLE_S} s with the client subscribed, no vehicles`);
    const idle = await measurePhase(service, metricsToken, base, IDLE_S);

    progress(`bringing up ${AGVS} AGVs on ${CONNECTIONS} MQTT connection(s)`);
    swarm = spawnRole(SWARM_SCRIPT, 'swarm', {
      BENCH_BROKER_URL: broker.url,
      BENCH_AGVS: String(AGVS),
      BENCH_CONNECTIONS: String(CONNECTIONS),
      BENCH_MAX_SEQ: String(MAX_SEQ),
      BENCH_RAMP_CAP_S: String(RAMP_CAP_S),
    });
    children.add(swarm);
    const ready = await askSwarm(swarm, 'ready', undefined, (RAMP_CAP_S + 30) * 1000, (message) => {
      if (message.type === 'ramp') progress(`  ${message.connected} AGVs connected`);
    });
    if (ready.connected < AGVS) {
      failures.push(`only ${ready.connected}/${AGVS} AGVs came up: ${ready.failures.join('; ')}`);
      throw new Error(failures[0]);
    }
    progress(
      `${ready.connected} AGVs on ${ready.connections} connections in ${f1(ready.rampS)} s; ${WARMUP_S} s warm-up, ${DURATION_S} s measured`,
    );
    await sleep(WARMUP_S * 1000);

    let fromNs = 0;
    let toNs = 0;
    const loaded = await measurePhase(
      service,
      metricsToken,
      { ...base, swarm: swarm.pid ?? -1 },
      DURATION_S,
      () => {
        fromNs = Number(nowNs());
        watchers.forEach((each) => (each.counting = true));
        if (profiler) process.kill(service.pid, 'SIGUSR2');
      },
      () => {
        watchers.forEach((each) => (each.counting = false));
        toNs = Number(nowNs());
        if (profiler) process.kill(service.pid, 'SIGUSR2');
      },
    );
    const profile = profiler ? await profiler.written(service.pid) : undefined;
    await sleep(TAIL_MS);
    const { report } = await askSwarm(swarm, 'report', { type: 'report', fromNs, toNs }, 30_000);
    const loadAfter = loadavg();
    failures = [...failures, ...collectFailures(report, watchers, loaded)];
    lines.push(
      ...results(broker, ready, report, watchers, probe, idle, loaded, loadBefore, loadAfter),
      ...(profile ? profileSummary(profile) : []),
    );
  } finally {
    clearTimeout(watchdog);
    watchers.forEach((each) => each.socket?.disconnect());
    await probe.client?.endAsync(true).catch(() => undefined);
    await stopChild(swarm, { type: 'stop' } satisfies ToSwarm);
    await app?.stop(10_000); // the service's SQLite file goes with it
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    await Promise.all(
      [...children]
        .filter((child) => child.exitCode === null && child.signalCode === null)
        .map(
          (child) =>
            new Promise<void>((done) => {
              const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
              child.once('exit', () => {
                clearTimeout(timer);
                done();
              });
            }),
        ),
    );
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const stderr = app?.stderrText().trim();
  if (stderr) lines.push('', `service stderr: ${stderr.slice(0, 2000)}`);
  if (failures.length > 0) lines.push('', `FAILED: ${failures.join('; ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

function collectFailures(report: SwarmReport, watchers: FleetWatcher[], loaded: Phase): string[] {
  const failures: string[] = [];
  const invalid = metric(loaded.after.text, 'fleet_mqtt_invalid_messages_total');
  if (invalid > 0) failures.push(`${invalid} invalid messages (fleet_mqtt_invalid_messages_total)`);
  if (report.closes > 0) failures.push(`${report.closes} AGV connections closed during the run`);
  if (report.skipped > 0) failures.push(`${report.skipped} states skipped (connection down)`);
  if (watchers.some((w) => w.disconnects > 0)) failures.push('a fleet client was disconnected');
  if (watchers.some((w) => w.counted === 0)) failures.push('no fleet update arrived in the window');
  return failures;
}

function results(
  broker: Broker,
  ready: Extract<FromSwarm, { type: 'ready' }>,
  report: SwarmReport,
  watchers: FleetWatcher[],
  probe: BrokerProbe,
  idle: Phase,
  loaded: Phase,
  loadBefore: number[],
  loadAfter: number[],
): string[] {
  const latencies: number[] = [];
  const brokerLeg: number[] = [];
  const serviceLeg: number[] = [];
  let lost = 0;
  let probeMissed = 0;
  const watcher = watchers[0];
  const everyClient: number[] = [];
  const published = report.published.length / 2;
  for (let k = 0; k < report.published.length; k += 2) {
    const j = report.published[k];
    const sentNs = report.published[k + 1];
    const receivedNs = watcher.receivedNs[j];
    const brokeredNs = probe.receivedNs[j];
    if (receivedNs > 0) latencies.push((receivedNs - sentNs) / 1e6);
    else lost++;
    if (brokeredNs > 0) brokerLeg.push((brokeredNs - sentNs) / 1e6);
    else probeMissed++;
    if (receivedNs > 0 && brokeredNs > 0) serviceLeg.push((receivedNs - brokeredNs) / 1e6);
    for (const other of watchers.slice(1)) {
      const at = other.receivedNs[j];
      if (at > 0) everyClient.push((at - sentNs) / 1e6);
    }
    if (watchers.length > 1 && receivedNs > 0) everyClient.push((receivedNs - sentNs) / 1e6);
  }
  const perClient = watchers.map((w) => w.counted / loaded.wallS).sort((a, b) => a - b);
  const latency = stats(latencies);
  const legRow = (label: string, samples: number[]) => {
    const s = stats(samples);
    return `| ${label} | ${s.n} | ${f2(s.p50)} | ${f2(s.p99)} | ${f2(s.max)} | ${f2(s.mean)} |`;
  };
  const { before, after, wallS } = loaded;
  const scrapeS = msSince(before.atNs, after.atNs) / 1000;
  const stateIn =
    metric(after.text, 'fleet_mqtt_messages_total', { topic: 'state' }) -
    metric(before.text, 'fleet_mqtt_messages_total', { topic: 'state' });
  const invalidTotal = metric(after.text, 'fleet_mqtt_invalid_messages_total');
  const online = metric(after.text, 'fleet_mqtt_robots', { state: 'online' });
  const connectionIn = metric(after.text, 'fleet_mqtt_messages_total', { topic: 'connection' });
  const cpu = cpus();
  const mode =
    CONNECTIONS === AGVS
      ? 'one MQTT connection per AGV'
      : `${CONNECTIONS} MQTT connections of ${AGVS / CONNECTIONS} AGVs each`;
  const loadedLabel = `${AGVS} AGVs at 1 Hz`;
  return [
    `Fleet over MQTT benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpu.length} CPU(s): ${cpu[0]?.model ?? 'unknown'}`,
    `load average before ${loadBefore.map(f2).join(' ')}, after ${loadAfter.map(f2).join(' ')}; broker: a private mosquitto ${broker.version} on 127.0.0.1; ${mode}; ramp ${f1(ready.rampS)} s; ${WARMUP_S} s warm-up, ${f1(wallS)} s measured`,
    '',
    '| AGVs | MQTT connections | states published/s | ingested/s (`fleet_mqtt_messages_total`) | `fleet` updates received/s | latency p50 (ms) | p99 (ms) | max (ms) | lost | invalid |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${AGVS} | ${ready.connections} | ${f0(published / wallS)} | ${f0(stateIn / scrapeS)} | ${f0(watcher.counted / wallS)} | ${f2(latency.p50)} | ${f2(latency.p99)} | ${f2(latency.max)} | ${lost} | ${invalidTotal} |`,
    '',
    '| latency leg (ms) | n | p50 | p99 | max | mean |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    legRow('publish -> `fleet` update at the client (the figure above)', latencies),
    legRow('publish -> a plain MQTT subscriber (the broker alone)', brokerLeg),
    legRow('that subscriber -> `fleet` update at the client (the service)', serviceLeg),
    ...(watchers.length > 1
      ? [legRow(`publish -> \`fleet\` update, every one of the ${CLIENTS} clients`, everyClient)]
      : []),
    '',
    '| process | phase | CPU % of a core (mean) | CPU % (peak 1 s) | RSS MB (mean) | RSS MB (peak) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    usageRow(
      'service (`node dist/main.js`)',
      'idle: client subscribed, no AGVs',
      idle.usage.service,
    ),
    usageRow('service (`node dist/main.js`)', loadedLabel, loaded.usage.service),
    usageRow('mosquitto', 'idle', idle.usage.mosquitto),
    usageRow('mosquitto', loadedLabel, loaded.usage.mosquitto),
    usageRow('AGV swarm (load generator)', loadedLabel, loaded.usage.swarm),
    usageRow(
      `fleet client${CLIENTS > 1 ? `s (${CLIENTS})` : ''} + MQTT probe + orchestrator`,
      loadedLabel,
      loaded.usage.client,
    ),
    '',
    `states in the window: ${published} published (${f0((AGVS * 1000) / STATE_PERIOD_MS)}/s offered), ${f0(stateIn)} ingested by the service (over ${f1(scrapeS)} s between scrapes), ${watcher.counted} fleet updates received; latency samples ${latency.n}, mean ${f2(latency.mean)} ms; lost (no update for that state) ${lost}`,
    ...(watchers.length > 1
      ? [
          `${CLIENTS} fleet clients: updates received/s per client min / median / max ${f0(perClient[0])} / ${f0(perClient[Math.floor(CLIENTS / 2)])} / ${f0(perClient[CLIENTS - 1])}`,
        ]
      : []),
    `whole run: ${connectionIn} connection messages ingested, ${watcher.updates} live fleet updates of AGVs (${watcher.positionless} before a first state, ${watcher.repeats} repeats of a state already seen, ${watcher.unpaired} unpaired), ${watcher.others} of other robots, ${watcher.snapshots} snapshot; fleet_mqtt_robots online ${online}; fleet_mqtt_invalid_messages_total ${invalidTotal}`,
    `broker: set_tcp_nodelay ${BROKER_NODELAY}; the probe subscriber missed ${probeMissed} states of the window`,
    `swarm: publish lateness against its slot p50 / p99 / max ${f2(report.lateness.p50)} / ${f2(report.lateness.p99)} / ${f2(report.lateness.max)} ms; ${report.skipped} skipped; ${report.closes} connections closed`,
    `service (prom-client), idle: ${serviceInternals(idle)}`,
    `service, ${loadedLabel}: ${serviceInternals(loaded)}`,
  ];
}

orchestrate().catch((error: unknown) => {
  process.stderr.write(
    `bench:fleet failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
