/*
 * Telemetry storage benchmark (not a test): how fast samples are stored, how long a minmax history
 * over 1M stored samples takes, and what a 1M-row export costs the server's memory.
 * `npm run bench:telemetry-storage`; see bench/README.md.
 *
 * One file, two roles (argv[2]), each its own process, so that the HTTP client and the memory
 * probe never share the measured process:
 *   (none)   the orchestrator: asks the server to ingest, then times history requests and streams
 *            exports over HTTP (read and discarded as they arrive), sampling the server's RSS from
 *            /proc/<pid>/status every 20 ms;
 *   server   the full app as the e2e harness builds it (the in-process rover simulator included,
 *            so its 10 Hz telemetry is stored alongside), over a fresh SQLite file, or PostgreSQL
 *            with BENCH_DB=postgres. On `ingest` it records BENCH_SAMPLES samples of one robot at
 *            50 Hz through TelemetryStore.record, as fast as storage takes them (it waits while
 *            more than BENCH_INFLIGHT are buffered, so nothing is dropped), with the event loop's
 *            delay sampled meanwhile; on `naive` it times the plain GROUP BY over the samples
 *            that the rollups replace, for comparison; on `paced` it offers samples of another
 *            robot at a steady rate for BENCH_PACED_S seconds and samples the event loop's delay.
 * Exports run once unmeasured first (V8 sizes its heap on the first), then CSV and NDJSON.
 * History windows are a few ms wider than the series, so that bucket edges cut rollup cells.
 * On PostgreSQL, one minmax row is timed before the tables have statistics, then `analyze` runs
 * (autovacuum is off on the test instance) before the rest.
 * Every loop is bounded in count and time; everything listens on loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1_000_000);
const INFLIGHT = Number(process.env.BENCH_INFLIGHT ?? 20_000);
const HISTORY_RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 20);
const STEP_MS = 20; // 50 Hz
const PACED_SECONDS = Number(process.env.BENCH_PACED_S ?? 10);
const INGEST_TARGET_PER_S = 20_000;
const MINMAX_TARGET_MS = 200;
const START_TIMEOUT_MS = 60_000;
const PHASE_TIMEOUT_MS = 600_000;
const ROOT = resolve(__dirname, '..', '..');
/** A fixed robot id, so that runs compare: only this series is queried. */
const ROBOT_ID = '5d1b8f0e-3c2a-4e7b-9f10-2a3b4c5d6e7f';

interface ServerInfo {
  baseUrl: string;
  token: string;
  pid: number;
  database: string;
}

interface IngestResult {
  samples: number;
  stored: number;
  dropped: number;
  seconds: number;
  perSecond: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  fromMs: number;
  toMs: number;
}

interface NaiveResult {
  ms: number[];
}

interface PacedResult {
  perSecond: number;
  seconds: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

type Command =
  | { kind: 'ingest' }
  | { kind: 'analyze' }
  | { kind: 'memory' }
  | { kind: 'paced'; perSecond: number; seconds: number }
  | { kind: 'naive'; fromMs: number; toMs: number; buckets: number };

// ---------------------------------------------------------------------------------------------
// Role: server

async function runServer(): Promise<void> {
  const { createTestApp } = await import('../../test/helpers/create-test-app');
  const { loginAdmin } = await import('../../test/helpers/auth');
  const { TelemetryStore } = await import('../../src/telemetry/storage/telemetry-store');
  const { TelemetrySamplesRepository } =
    await import('../../src/telemetry/storage/telemetry-samples.repository');
  const { sampleOf } = await import('../../src/telemetry/telemetry-sample');
  const { DataSource } = await import('typeorm');
  const { register } = await import('prom-client');

  const app = await createTestApp({
    env: { LOG_LEVEL: 'warn', THROTTLE_LIMIT: '1000000' },
  });
  const admin = await loginAdmin(app.baseUrl);
  const store = app.app.get(TelemetryStore);
  const dataSource = app.app.get(DataSource);
  const info: ServerInfo = {
    baseUrl: app.baseUrl,
    token: admin.accessToken,
    pid: process.pid,
    database: app.db.kind,
  };
  process.send?.(info);

  const counter = async (name: string): Promise<number> => {
    const metric = await register.getSingleMetric(name)?.get();
    return metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
  };

  async function ingest(): Promise<IngestResult> {
    // Ends an hour ago: inside retention, and clear of the rover's live samples.
    const toMs = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
    const fromMs = toMs - SAMPLES * STEP_MS;
    const storedBefore = await counter('telemetry_stored_total');
    const droppedBefore = await counter('telemetry_storage_dropped_total');
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const started = process.hrtime.bigint();
    delay.enable();
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    for (let i = 0; i < SAMPLES && Date.now() < deadline;) {
      if (store.pending > INFLIGHT) {
        await new Promise((done) => setTimeout(done, 1));
        continue;
      }
      for (const end = Math.min(SAMPLES, i + 1000); i < end; i++) {
        const t = i / 500;
        store.record(
          sampleOf(ROBOT_ID, new Date(fromMs + i * STEP_MS), {
            x: Math.cos(t) * 10,
            y: Math.sin(t) * 10,
            z: 0,
            pitch: Math.sin(t * 3) * 0.1,
            roll: Math.cos(t * 3) * 0.1,
            yaw: t % (2 * Math.PI),
            fl: 0.5 + Math.sin(t) * 0.1,
            fr: 0.5 + Math.cos(t) * 0.1,
            rl: 0.5 - Math.sin(t) * 0.1,
            rr: 0.5 - Math.cos(t) * 0.1,
            battery: 100 - (i / SAMPLES) * 60,
            voltage: 12.6 - (i / SAMPLES) * 1.8,
            temperature: 30 + Math.sin(t / 7) * 5,
            current: 1.2 + Math.sin(t * 11) * 0.4,
            obstacleDistance: 50 + Math.sin(t * 2) * 40,
            cpu: 40 + Math.sin(t * 13) * 20,
            ram: 55 + Math.sin(t / 3) * 5,
            lat: 48.8566 + Math.sin(t / 100) * 0.001,
            lng: 2.3522 + Math.cos(t / 100) * 0.001,
          }),
        );
      }
      await new Promise((done) => setImmediate(done));
    }
    await store.flush();
    while (store.pending > 0 && Date.now() < deadline) await store.flush();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    delay.disable();
    const stored = (await counter('telemetry_stored_total')) - storedBefore;
    return {
      samples: SAMPLES,
      stored,
      dropped: (await counter('telemetry_storage_dropped_total')) - droppedBefore,
      seconds,
      // The rover's own samples are in `stored` too: count the bench's series only.
      perSecond: SAMPLES / seconds,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      fromMs,
      toMs,
    };
  }

  /** What the heap holds after a full collection (the process runs with --expose-gc). */
  function liveHeap(): { heapMiB: number } {
    (globalThis as { gc?: () => void }).gc?.();
    return { heapMiB: process.memoryUsage().heapUsed / 2 ** 20 };
  }

  /**
   * Samples offered at a steady rate (0: none, the rover's own 10 Hz only) from another robot,
   * while the event loop's delay is sampled: what storage costs the loop at a realistic load.
   */
  async function paced(perSecond: number, seconds: number): Promise<PacedResult> {
    const robotId = '5d1b8f0e-3c2a-4e7b-9f10-2a3b4c5d6e80';
    const tickMs = 10;
    const perTick = perSecond / (1000 / tickMs);
    const startMs = Date.now() - 2 * 3_600_000;
    let sent = 0;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = Date.now();
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const due = Math.floor(((Date.now() - started) / 1000) * perSecond);
        for (; sent < due && perTick > 0; sent++) {
          store.record(sampleOf(robotId, new Date(startMs + sent), { battery: 50, x: sent }));
        }
        if (Date.now() - started >= seconds * 1000) {
          clearInterval(timer);
          done();
        }
      }, tickMs);
    });
    delay.disable();
    await store.flush();
    return {
      perSecond,
      seconds,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
    };
  }

  /** The plain GROUP BY over the samples, battery and temperature: what the rollups replace. */
  async function naive(fromMs: number, toMs: number, buckets: number): Promise<NaiveResult> {
    const postgres = dataSource.options.type === 'postgres';
    const int = (n: number): string => (postgres ? `${n}::bigint` : `CAST(${n} AS INTEGER)`);
    const sql =
      `SELECT ((at - ${int(fromMs)}) * ${int(buckets)}) / ${int(toMs - fromMs)} AS b, count(*) AS n, ` +
      `min(battery), max(battery), min(temperature), max(temperature) FROM telemetry_samples ` +
      `WHERE robot_id = '${ROBOT_ID}' AND at >= ${int(fromMs)} AND at < ${int(toMs)} GROUP BY b ORDER BY b`;
    const ms: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = process.hrtime.bigint();
      await dataSource.query(sql);
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return { ms };
  }

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await app.close(); // also drops the database
    process.exit(0);
  };
  process.on('message', (message: 'stop' | Command) => {
    if (message === 'stop') return void stop();
    const work =
      message.kind === 'ingest'
        ? ingest()
        : message.kind === 'memory'
          ? Promise.resolve(liveHeap())
          : message.kind === 'analyze'
            ? app.app
                .get(TelemetrySamplesRepository)
                .refreshStatistics()
                .then(() => ({}))
            : message.kind === 'paced'
              ? paced(message.perSecond, message.seconds)
              : naive(message.fromMs, message.toMs, message.buckets);
    work.then(
      (result) => process.send?.(result),
      (error: unknown) =>
        process.send?.({ error: error instanceof Error ? error.stack : String(error) }),
    );
  });
  process.on('disconnect', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

// ---------------------------------------------------------------------------------------------
// Role: orchestrator

function spawnServer(): ChildProcess {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TS_NODE_TRANSPILE_ONLY: 'true',
  };
  for (const name of ['BENCH_SAMPLES', 'BENCH_INFLIGHT', 'BENCH_PACED_S']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (process.env.BENCH_DB === 'postgres') {
    // Entity column types are fixed at import: the server must know its driver before it loads.
    env.RMC_TEST_DB = 'postgres';
    env.DATABASE_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
    if (process.env.TEST_POSTGRES_URL) env.TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;
  }
  return spawn(process.execPath, ['--expose-gc', '-r', 'ts-node/register', __filename, 'server'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(child: ChildProcess, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolveMessage, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = (code: number | null, signal: string | null): void => {
      clearTimeout(timer);
      reject(new Error(`${what}: the server exited (code ${code}, signal ${signal})`));
    };
    child.once('exit', onExit);
    child.once('message', (message: T | { error: string }) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (typeof message === 'object' && message !== null && 'error' in message) {
        reject(new Error(`${what}: ${message.error}`));
      } else {
        resolveMessage(message);
      }
    });
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  if (child.connected) child.send('stop');
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The server's resident set (MiB), from the kernel: no cooperation from the measured process. */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

interface Reply {
  status: number;
  body: string;
  bytes: number;
}

/** One request; the body is counted as it arrives and kept only when `keep` (small answers). */
function call(
  agent: Agent,
  info: ServerInfo,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  keep = true,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolveReply, reject) => {
    const req = httpRequest(
      `${info.baseUrl}${path}`,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${info.token}`,
          ...(payload === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const kept: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keep) kept.push(chunk);
        });
        res.on('end', () =>
          resolveReply({
            status: res.statusCode ?? 0,
            body: Buffer.concat(kept).toString(),
            bytes,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(PHASE_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] };
}

async function timeHistory(
  agent: Agent,
  info: ServerInfo,
  query: Record<string, string | number>,
): Promise<{ stats: Stats; buckets: number; count: number }> {
  const path = `/api/telemetry/history?${new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString()}`;
  const ms: number[] = [];
  let buckets = 0;
  let count = 0;
  for (let run = 0; run < HISTORY_RUNS + 3; run++) {
    const started = process.hrtime.bigint();
    const reply = await call(agent, info, 'GET', path);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (reply.status !== 200) throw new Error(`history ${reply.status}: ${reply.body}`);
    if (run >= 3) ms.push(elapsed); // three warm-up requests
    const body = JSON.parse(reply.body) as { buckets: { count: number }[] };
    buckets = body.buckets.length;
    count = body.buckets.reduce((sum, b) => sum + b.count, 0);
  }
  return { stats: stats(ms), buckets, count };
}

interface ExportRun {
  seconds: number;
  mib: number;
  rssBefore: number;
  rssPeak: number;
  /** The highest RSS in the first and in the second half of the transfer. */
  rssFirstHalf: number;
  rssSecondHalf: number;
  /** The server's heap after a full collection, before and after the export. */
  liveHeapBefore: number;
  liveHeapAfter: number;
}

async function timeExport(
  server: ChildProcess,
  agent: Agent,
  info: ServerInfo,
  window: { from: string; to: string },
  format: 'csv' | 'ndjson',
): Promise<ExportRun> {
  const liveHeap = async (): Promise<number> => {
    server.send({ kind: 'memory' } satisfies Command);
    return (await nextMessage<{ heapMiB: number }>(server, 'memory', START_TIMEOUT_MS)).heapMiB;
  };
  const liveHeapBefore = await liveHeap();
  const rssBefore = rssMiB(info.pid);
  const timeline: { ms: number; rss: number }[] = [];
  const started = process.hrtime.bigint();
  const elapsedMs = (): number => Number(process.hrtime.bigint() - started) / 1e6;
  const probe = setInterval(() => timeline.push({ ms: elapsedMs(), rss: rssMiB(info.pid) }), 20);
  try {
    const reply = await call(
      agent,
      info,
      'POST',
      '/api/data/export',
      { ...window, robotId: ROBOT_ID, format },
      false,
    );
    if (reply.status !== 200) throw new Error(`export ${reply.status}`);
    const totalMs = elapsedMs();
    clearInterval(probe);
    const peakOf = (from: number, to: number): number =>
      Math.max(rssBefore, ...timeline.filter((p) => p.ms >= from && p.ms < to).map((p) => p.rss));
    return {
      seconds: totalMs / 1000,
      mib: reply.bytes / 2 ** 20,
      rssBefore,
      rssPeak: peakOf(0, Infinity),
      rssFirstHalf: peakOf(0, totalMs / 2),
      rssSecondHalf: peakOf(totalMs / 2, Infinity),
      liveHeapBefore,
      liveHeapAfter: await liveHeap(),
    };
  } finally {
    clearInterval(probe);
  }
}

const f = (n: number, digits = 1): string => n.toFixed(digits);

async function orchestrate(): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let server: ChildProcess | undefined;
  const lines: string[] = [];
  let failed = false;
  try {
    server = spawnServer();
    const info = await nextMessage<ServerInfo>(server, 'server start', START_TIMEOUT_MS);
    const cpu = cpus();
    lines.push(
      `bench:telemetry-storage: ${info.database}, ${SAMPLES} samples at 50 Hz, ` +
        `${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}`,
      '',
    );

    const pacedRuns: PacedResult[] = [];
    for (const perSecond of [0, 500, 5_000]) {
      server.send({ kind: 'paced', perSecond, seconds: PACED_SECONDS } satisfies Command);
      pacedRuns.push(await nextMessage<PacedResult>(server, 'paced ingest', PHASE_TIMEOUT_MS));
    }

    server.send({ kind: 'ingest' } satisfies Command);
    const ingest = await nextMessage<IngestResult>(server, 'ingest', PHASE_TIMEOUT_MS);
    const window = {
      from: new Date(ingest.fromMs).toISOString(),
      to: new Date(ingest.toMs).toISOString(),
    };
    // A few ms wider than the series, so that no bucket edge falls on a whole second: the
    // edge cells then have to be read from the samples, as for any window a user picks.
    const historyWindow = {
      from: new Date(ingest.fromMs - 7).toISOString(),
      to: new Date(ingest.toMs + 13).toISOString(),
    };
    let stale: { stats: Stats } | undefined;
    if (info.database === 'postgres') {
      stale = await timeHistory(agent, info, {
        strategy: 'minmax',
        robotId: ROBOT_ID,
        ...historyWindow,
        buckets: 500,
        fields: 'battery,temperature',
      });
      // What autovacuum (off on this test instance) or the retention pass would do.
      server.send({ kind: 'analyze' } satisfies Command);
      await nextMessage<object>(server, 'analyze', PHASE_TIMEOUT_MS);
    }

    const minmax2 = await timeHistory(agent, info, {
      strategy: 'minmax',
      robotId: ROBOT_ID,
      ...historyWindow,
      buckets: 500,
      fields: 'battery,temperature',
    });
    const minmaxAll = await timeHistory(agent, info, {
      strategy: 'minmax',
      robotId: ROBOT_ID,
      ...historyWindow,
      buckets: 500,
    });
    const minmaxFine = await timeHistory(agent, info, {
      strategy: 'minmax',
      robotId: ROBOT_ID,
      ...historyWindow,
      buckets: 10_000,
      fields: 'battery,temperature',
    });
    server.send({
      kind: 'naive',
      fromMs: ingest.fromMs,
      toMs: ingest.toMs,
      buckets: 500,
    } satisfies Command);
    const naive = await nextMessage<NaiveResult>(server, 'naive GROUP BY', PHASE_TIMEOUT_MS);
    // One export first, unmeasured: V8 sizes its heap to the allocation rate on the first one.
    await timeExport(server, agent, info, window, 'ndjson');
    const csv = await timeExport(server, agent, info, window, 'csv');
    const ndjson = await timeExport(server, agent, info, window, 'ndjson');

    lines.push(
      '| ingest through TelemetryStore.record | samples | stored/s | seconds | dropped | event-loop delay p99 (ms) | max (ms) |',
      '| ------------------------------------ | ------: | -------: | ------: | ------: | ------------------------: | -------: |',
      `| one robot at 50 Hz, as fast as storage takes it | ${ingest.samples} | ${f(ingest.perSecond, 0)} | ${f(ingest.seconds)} | ${ingest.dropped} | ${f(ingest.loopDelayP99Ms)} | ${f(ingest.loopDelayMaxMs)} |`,
      '',
      `| event loop while samples are offered at a steady rate (${PACED_SECONDS} s each) | delay p99 (ms) | max (ms) |`,
      '| ------------------------------------------------------------ | -------------: | -------: |',
      ...pacedRuns.map(
        (r) =>
          `| ${r.perSecond === 0 ? 'none (the rover simulator at 10 Hz only)' : `${r.perSecond} samples/s`} | ${f(r.loopDelayP99Ms)} | ${f(r.loopDelayMaxMs)} |`,
      ),
      '',
      `| history over the ${SAMPLES} samples (HTTP, ${HISTORY_RUNS} runs after 3 warm-up) | buckets | samples counted | p50 (ms) | p95 (ms) | max (ms) |`,
      '| ------------------------------------------------------------ | ------: | --------------: | -------: | -------: | -------: |',
      `| minmax, battery + temperature | ${minmax2.buckets} | ${minmax2.count} | ${f(minmax2.stats.p50)} | ${f(minmax2.stats.p95)} | ${f(minmax2.stats.max)} |`,
      `| minmax, all 19 fields | ${minmaxAll.buckets} | ${minmaxAll.count} | ${f(minmaxAll.stats.p50)} | ${f(minmaxAll.stats.p95)} | ${f(minmaxAll.stats.max)} |`,
      `| minmax, battery + temperature, 10,000 buckets | ${minmaxFine.buckets} | ${minmaxFine.count} | ${f(minmaxFine.stats.p50)} | ${f(minmaxFine.stats.p95)} | ${f(minmaxFine.stats.max)} |`,
      ...(stale
        ? [
            `| the same, before PostgreSQL had statistics of the tables (then ANALYZE, for the rows above) | 500 | | ${f(stale.stats.p50)} | ${f(stale.stats.p95)} | ${f(stale.stats.max)} |`,
          ]
        : []),
      `| for comparison: plain GROUP BY over the samples (SQL only, in the server, 5 runs) | 500 | | ${f(stats(naive.ms).p50)} | | ${f(stats(naive.ms).max)} |`,
      '',
      `| export of the ${SAMPLES} samples (streamed, read and discarded) | MiB | seconds | rows/s | server RSS before (MiB) | peak, first half (MiB) | peak, second half (MiB) | live heap before / after (MiB) |`,
      '| ------------------------------------------------------------- | --: | ------: | -----: | ----------------------: | ---------------------: | ----------------------: | -----------------------------: |',
      ...(
        [
          ['csv', csv],
          ['ndjson', ndjson],
        ] as const
      ).map(
        ([name, e]) =>
          `| ${name} | ${f(e.mib)} | ${f(e.seconds)} | ${f(SAMPLES / e.seconds, 0)} | ${f(e.rssBefore)} | ${f(e.rssFirstHalf)} | ${f(e.rssSecondHalf)} | ${f(e.liveHeapBefore)} / ${f(e.liveHeapAfter)} |`,
      ),
      '',
    );

    // A buffered export grows with the file: its second half would sit about half a file higher.
    const drift = Math.max(
      csv.rssSecondHalf - csv.rssFirstHalf,
      ndjson.rssSecondHalf - ndjson.rssFirstHalf,
    );
    const growth = Math.max(csv.rssPeak - csv.rssBefore, ndjson.rssPeak - ndjson.rssBefore);
    const checks: [string, string, string, boolean | null][] = [
      [
        `ingest on ${info.database}`,
        `${f(ingest.perSecond, 0)}/s`,
        `>= ${INGEST_TARGET_PER_S}/s`,
        ingest.perSecond >= INGEST_TARGET_PER_S,
      ],
      [
        'minmax p95 (2 fields, 500 buckets)',
        `${f(minmax2.stats.p95)} ms`,
        `< ${MINMAX_TARGET_MS} ms`,
        minmax2.stats.p95 < MINMAX_TARGET_MS,
      ],
      [
        'export RSS, second half over first half (worst)',
        `${f(drift)} MiB`,
        '< 32 MiB (flat: a page, not the file)',
        drift < 32,
      ],
      ['export RSS, peak over before (worst)', `${f(growth)} MiB`, '(reported)', null],
    ];
    lines.push(
      '| check | value | target | |',
      '| ----- | ----: | -----: | - |',
      ...checks.map(
        ([name, value, target, met]) =>
          `| ${name} | ${value} | ${target} | ${met === null ? '' : met ? 'met' : 'MISSED'} |`,
      ),
    );
    if (ingest.dropped > 0 || minmax2.count !== SAMPLES) {
      failed = true;
      lines.push(
        '',
        `FAILED: dropped ${ingest.dropped}, minmax counted ${minmax2.count} of ${SAMPLES}`,
      );
    }
  } finally {
    await stopChild(server);
    agent.destroy();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failed) process.exitCode = 1;
}

const role = process.argv[2];
const main = role === 'server' ? runServer : orchestrate;
main().catch((error: unknown) => {
  process.stderr.write(
    `bench:telemetry-storage ${role ?? ''} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
