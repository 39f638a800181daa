/**
 * Where the event loop goes while 50 Hz telemetry flows and controls / e-stops arrive: one process
 * (app, fake rover, HTTP client), a CPU profile of the window and every SQLite call timed, so that
 * a latency tail can be put down to what held the loop. A diagnosis, not a benchmark: its figures
 * include the client and the rover sharing the loop.
 *
 *   TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register bench/diagnose/stalls.ts [seconds]
 */
import { Agent } from 'node:http';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { FakeRover } from '../../test/helpers/fake-rover';
import { startPtyPair } from '../../test/helpers/pty-pair';
import { call, waitForLinkUp } from '../support/http-client';
import { loginAdmin, loginOperators, startServiceOnPty } from '../support/service';
import { estopRound, sendPacedControls } from '../support/rover-rounds';
import { stats } from '../support/measure';

interface Span {
  startMs: number;
  ms: number;
  sql: string;
}
const spans: Span[] = [];
const busy = { count: 0 };

interface SqliteProbe {
  prepare(sql: string): object;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (path: string) => SqliteProbe;

function timeSqlite(): void {
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<
    string,
    unknown
  >;
  const dbProto = Object.getPrototypeOf(probe) as Record<string, unknown>;
  probe.close();
  const wrap = (proto: Record<string, unknown>, name: string, label: (self: unknown) => string) => {
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } catch (error) {
        if (String((error as { code?: string }).code).startsWith('SQLITE_BUSY')) busy.count++;
        throw error;
      } finally {
        const ms = performance.now() - start;
        if (ms > 0.3) spans.push({ startMs: start, ms, sql: label(this).slice(0, 90) });
      }
    };
  };
  for (const name of ['run', 'all', 'get'])
    wrap(statementProto, name, (self) => (self as { source: string }).source);
  for (const name of ['exec', 'pragma']) wrap(dbProto, name, () => `db.${name}`);
}

interface Lag {
  atMs: number;
  lateMs: number;
}
function sampleLoop(lags: Lag[]): () => void {
  let expected = performance.now() + 2;
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - expected;
    if (late > 3) lags.push({ atMs: now, lateMs: late });
    expected = now + 2;
  }, 2);
  return () => clearInterval(timer);
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 15);
  timeSqlite();
  const pty = await startPtyPair();
  const rover = new FakeRover(pty.roverPath, { mode: 'ack', telemetryHz: 50 });
  await rover.open();
  process.env.BENCH_SERIAL_PORT = pty.hostPath;
  const app = await startServiceOnPty({ LOG_LEVEL: 'info' });
  const agent = new Agent({ keepAlive: true });
  try {
    const admin = await loginAdmin(app.baseUrl);
    await waitForLinkUp(agent, app.baseUrl, 10_000, admin.accessToken);
    await call(agent, app.baseUrl, 'PATCH', '/api/config', admin.accessToken, {
      telemetryRateHz: 50,
    });
    const operators = await loginOperators(app.baseUrl, admin, 6);
    await new Promise((done) => setTimeout(done, 2000));
    spans.length = 0;
    const lags: Lag[] = [];
    const stopSampling = sampleLoop(lags);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const windowStart = performance.now();
    const controls: number[] = [];
    const estops: number[] = [];
    // One after the other: an e-stop latches the rover, and a latched rover refuses controls.
    const halfMs = (seconds * 1000) / 2;
    await sendPacedControls(agent, app.baseUrl, operators, seconds * 24, halfMs, (r, ms) => {
      if (r.status === 200) controls.push(ms);
    });
    const deadline = Date.now() + halfMs;
    while (Date.now() < deadline) {
      const round = await estopRound(agent, app.baseUrl, admin.accessToken, rover);
      if (round.outcome === 'measured') estops.push(round.wireMs);
    }
    const { profile } = await session.post('Profiler.stop');
    stopSampling();
    writeFileSync('/tmp/stalls.cpuprofile', JSON.stringify(profile));
    const windowMs = performance.now() - windowStart;
    const fmt = (s: ReturnType<typeof stats>) =>
      `n=${s.n} p50=${s.p50.toFixed(2)} p99=${s.p99.toFixed(2)} max=${s.max.toFixed(2)}`;
    console.log(`window ${windowMs.toFixed(0)} ms`);
    console.log(`control: ${fmt(stats(controls))}`);
    console.log(`estop->EST: ${fmt(stats(estops))}`);
    const lagTotal = lags.reduce((sum, l) => sum + l.lateMs, 0);
    console.log(`SQLITE_BUSY answers (retried by WriteLock): ${busy.count}`);
    console.log(`loop lags >3 ms: ${lags.length}, ${lagTotal.toFixed(0)} ms in total`);
    const byLag = [...lags].sort((a, b) => b.lateMs - a.lateMs).slice(0, 15);
    for (const lag of byLag) {
      const from = lag.atMs - lag.lateMs - 2;
      const inside = spans.filter((s) => s.startMs + s.ms >= from && s.startMs <= lag.atMs);
      const sqlMs = inside.reduce((sum, s) => sum + s.ms, 0);
      console.log(
        `  lag ${lag.lateMs.toFixed(1)} ms: sqlite ${sqlMs.toFixed(1)} ms` +
          inside.map((s) => `\n      ${s.ms.toFixed(1)} ${s.sql}`).join(''),
      );
    }
    const bySql = new Map<string, { n: number; ms: number; max: number }>();
    for (const s of spans) {
      const key = s.sql.slice(0, 60);
      const entry = bySql.get(key) ?? { n: 0, ms: 0, max: 0 };
      entry.n++;
      entry.ms += s.ms;
      entry.max = Math.max(entry.max, s.ms);
      bySql.set(key, entry);
    }
    console.log('sqlite calls over 0.3 ms, by statement:');
    for (const [sql, e] of [...bySql].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12))
      console.log(`  ${e.ms.toFixed(0)} ms total, n=${e.n}, max ${e.max.toFixed(1)}: ${sql}`);
  } finally {
    agent.destroy();
    await app.close();
    await rover.close();
    await pty.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
