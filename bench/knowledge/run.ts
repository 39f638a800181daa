/*
 * Knowledge base benchmark (not a test): the latency of `GET /api/knowledge/search` and of
 * `GET /api/knowledge/parts?search=` / `?category=`, end to end over real HTTP on loopback, one
 * request at a time, uncached and cached, over the shipped seed and over the seed plus
 * BENCH_KNOWLEDGE_SYNTHETIC synthetic parts, on SQLite and on PostgreSQL.
 * `npm run bench:knowledge`; see bench/README.md.
 *
 * One file, two roles (argv[2]), each its own process, so that the HTTP client never shares the
 * measured event loop:
 *   (none)   the orchestrator: for each database, starts a server, times the requests (keep-alive,
 *            one socket), asks the server to add the synthetic parts, times them again, and asks
 *            for the plans of the slowest queries;
 *   server   the full app as the e2e harness builds it (test/helpers/create-test-app.ts) over a
 *            fresh SQLite file, or a fresh PostgreSQL database when started with RMC_TEST_DB and
 *            DATABASE_URL (the entities' column types are fixed at import, hence a process per
 *            driver). Over IPC it invalidates KnowledgeCache, inserts synthetic parts straight into
 *            `parts` with the app's DataSource (500 rows a statement; the FTS5 triggers or the
 *            generated tsvector index them), reads the cache's hit/miss counter, and captures and
 *            EXPLAINs the SQL that one request runs.
 * Uncached: the cache is invalidated (over IPC, untimed) before every measured request. Cached: one
 * warm-up pass over the same requests, then the measured ones. The cache's own counter checks both.
 * On PostgreSQL one uncached pass runs straight after the bulk load, then `VACUUM ANALYZE "parts"`
 * (what autovacuum, off on the test instance, would do) before the rest.
 * Env: BENCH_KNOWLEDGE_SYNTHETIC (100000), BENCH_KNOWLEDGE_SAMPLES (200 requests a row),
 * BENCH_KNOWLEDGE_ROW_S (15: a row ends with its round in progress past this), BENCH_KNOWLEDGE_DB
 * (sqlite,postgres), TEST_POSTGRES_URL, BENCH_KNOWLEDGE_SERVER_LOG (a file for the server's log).
 * Every loop is bounded in count (and every row in time); everything listens on loopback only.
 */
import type { ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { call } from '../support/http-client';
import { msSince, nowNs, stats } from '../support/measure';
import { spawnRole, stopChild } from '../support/roles';

const SYNTHETIC = Number(process.env.BENCH_KNOWLEDGE_SYNTHETIC ?? 100_000);
/** Measured requests per (database, dataset, query kind, cached?) row, at least... */
const SAMPLES = Number(process.env.BENCH_KNOWLEDGE_SAMPLES ?? 200);
/** ...unless a row has taken this long: it then ends with the round in progress (n says so). */
const ROW_BUDGET_S = Number(process.env.BENCH_KNOWLEDGE_ROW_S ?? 15);
const DATABASES = (process.env.BENCH_KNOWLEDGE_DB ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Database => d === 'sqlite' || d === 'postgres');
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const BATCH_ROWS = 500;
/** The console's page size (web/src/pages/knowledge.ts). */
const PAGE_LIMIT = 20;
const START_TIMEOUT_MS = 120_000;
const PHASE_TIMEOUT_MS = 600_000;
/** The same data on every run and both drivers. */
const SYNTHETIC_SEED = 20261201;

type Database = 'sqlite' | 'postgres';
type QueryKind = 'search' | 'parts search=' | 'parts category=';

interface Probe {
  kind: QueryKind;
  label: string;
  path: string;
}

const searchProbe = (q: string, kind?: 'part' | 'document'): Probe => ({
  kind: 'search',
  label: kind ? `"${q}" (kind=${kind})` : `"${q}"`,
  path: `/api/knowledge/search?${new URLSearchParams({
    q,
    ...(kind ? { kind } : {}),
    limit: String(PAGE_LIMIT),
  }).toString()}`,
});

const partsProbe = (kind: QueryKind, filter: Record<string, string>): Probe => ({
  kind,
  label: Object.entries(filter)
    .map(([k, v]) => `${k}=${v}`)
    .join('&'),
  path: `/api/knowledge/parts?${new URLSearchParams({ ...filter, limit: String(PAGE_LIMIT) }).toString()}`,
});

/** What people type in the search box: names, part numbers, words of a need, a rare word, a miss. */
const SEARCHES: Probe[] = [
  searchProbe('ultrasonic 5V'),
  searchProbe('motor driver'),
  searchProbe('L298N'),
  searchProbe('voltage regulator buck'),
  searchProbe('lipo battery'),
  searchProbe('i2c sensor'),
  searchProbe('HC-SR04'),
  searchProbe('sensor'),
  searchProbe('5V'),
  searchProbe('servo'),
  searchProbe('stepper driver'),
  searchProbe('OLED display'),
  searchProbe('temperature humidity'),
  searchProbe('current sensor'),
  searchProbe('ESP32'),
  searchProbe('gear motor 12V'),
  searchProbe('low power i2c temperature sensor'),
  searchProbe('optocoupler'),
  searchProbe('flux capacitor'),
  searchProbe('wiring', 'document'),
];

const PART_SEARCHES: Probe[] = [
  partsProbe('parts search=', { search: 'sensor' }),
  partsProbe('parts search=', { search: 'motor driver' }),
  partsProbe('parts search=', { search: 'HC-SR04' }),
  partsProbe('parts search=', { search: 'l298n' }),
  partsProbe('parts search=', { search: '5V' }),
  partsProbe('parts search=', { search: 'buck converter' }),
  partsProbe('parts search=', { search: 'optocoupler' }),
  partsProbe('parts search=', { search: 'xylophone' }),
];

const PART_CATEGORIES: Probe[] = [
  partsProbe('parts category=', { category: 'sensor' }),
  partsProbe('parts category=', { category: 'motor-driver' }),
  partsProbe('parts category=', { category: 'passive' }),
  partsProbe('parts category=', { category: 'battery' }),
  partsProbe('parts category=', { category: 'display' }),
  partsProbe('parts category=', { category: 'board' }),
  partsProbe('parts category=', { category: 'sensor', search: 'temperature' }),
];

const PROBE_SETS: Probe[][] = [SEARCHES, PART_SEARCHES, PART_CATEGORIES];

interface ServerInfo {
  baseUrl: string;
  token: string;
  database: Database;
  parts: number;
  documents: number;
}

interface Lookups {
  hit: number;
  miss: number;
  /** `error`: Redis failed (never without REDIS_URL). Not named `error`: that is the failure reply. */
  redisError: number;
}

interface Synthesized {
  inserted: number;
  seconds: number;
  parts: number;
}

interface ExplainedStatement {
  sql: string;
  parameters: unknown[];
  /** Median of 5 runs, timed in the server (SQL only). */
  ms: number;
  /** The same statement without its excerpt (snippet() or ts_headline), timed the same way. */
  withoutExcerptMs?: number;
  plan: string[];
}

/**
 * The statement with its excerpt replaced by '' and the excerpt's parameters dropped, to show what
 * the excerpt costs; undefined for a statement that makes none.
 */
function withoutExcerpt(
  sql: string,
  parameters: unknown[],
): { sql: string; parameters: unknown[] } | undefined {
  // SQLite: snippet("knowledge_fts", <column>, ?, ?, '…', 18), once or more, first in the statement.
  const snippets = sql.match(/snippet\("knowledge_fts", \d+, \?, \?, '…', \d+\)/g) ?? [];
  if (snippets.length > 0) {
    return {
      sql: snippets.reduce((bare, snippet) => bare.replace(snippet, "''"), sql),
      parameters: parameters.slice(2 * snippets.length),
    };
  }
  // PostgreSQL: ts_headline(..., $5), its options the last parameter.
  const headline = /ts_headline\('english', body, \(SELECT q FROM query\), \$5\)/;
  if (headline.test(sql) && parameters.length === 5) {
    return { sql: sql.replace(headline, "''"), parameters: parameters.slice(0, 4) };
  }
  return undefined;
}

type Command =
  | { kind: 'invalidate' }
  | { kind: 'lookups' }
  | { kind: 'synthesize'; count: number }
  | { kind: 'maintain' }
  | { kind: 'capture' }
  | { kind: 'explain' };

// ---------------------------------------------------------------------------------------------
// Role: server

async function runServer(): Promise<void> {
  const { createTestApp } = await import('../../test/helpers/create-test-app');
  const { loginAdmin } = await import('../../test/helpers/auth');
  const { KnowledgeCache } = await import('../../src/knowledge/cache/knowledge-cache');
  const { WriteLock } = await import('../../src/database/write-lock');
  const { caselessKey } = await import('../../src/common/validation/clean-text');
  const { partSearchText } = await import('../../src/knowledge/parts/part-search-text');
  const { SyntheticParts } = await import('./synthetic-parts');
  const { DataSource } = await import('typeorm');
  const { DateUtils } = await import('typeorm/util/DateUtils');
  const { register } = await import('prom-client');

  const app = await createTestApp({ env: { LOG_LEVEL: 'warn', THROTTLE_LIMIT: '1000000' } });
  const admin = await loginAdmin(app.baseUrl);
  const dataSource = app.app.get(DataSource);
  const cache = app.app.get(KnowledgeCache);
  const writeLock = app.app.get(WriteLock);
  const postgres = app.db.kind === 'postgres';

  const countOf = async (table: 'parts' | 'documents'): Promise<number> => {
    const [{ n }] = await dataSource.query<{ n: string | number }[]>(
      `SELECT count(*) AS n FROM "${table}"`,
    );
    return Number(n);
  };

  const info: ServerInfo = {
    baseUrl: app.baseUrl,
    token: admin.accessToken,
    database: app.db.kind,
    parts: await countOf('parts'),
    documents: await countOf('documents'),
  };
  process.send?.(info);

  async function lookups(): Promise<Lookups> {
    const metric = await register.getSingleMetric('knowledge_cache_lookups_total')?.get();
    const byOutcome = (outcome: string) =>
      metric?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    return { hit: byOutcome('hit'), miss: byOutcome('miss'), redisError: byOutcome('error') };
  }

  const COLUMNS = [
    'id',
    'name',
    'name_key',
    'description',
    'category',
    'manufacturer',
    'voltage_min',
    'voltage_max',
    'current_max',
    'interface',
    'pinout',
    'specs',
    'datasheet_url',
    'search_text',
    'version',
    'created_at',
    'updated_at',
  ];

  /** Straight into `parts`, as the seed migration writes it; the index follows by itself. */
  async function synthesize(count: number): Promise<Synthesized> {
    const generator = new SyntheticParts(SYNTHETIC_SEED);
    const started = nowNs();
    const now = new Date();
    const at = postgres ? now : DateUtils.mixedDateToUtcDatetimeString(now);
    for (let done = 0; done < count;) {
      const rows = Math.min(BATCH_ROWS, count - done);
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let r = 0; r < rows; r++) {
        const part = generator.next(done + r);
        const first = values.length;
        values.push(
          part.id,
          part.name,
          caselessKey(part.name),
          part.description,
          part.category,
          part.manufacturer,
          part.voltageMin,
          part.voltageMax,
          part.currentMax,
          part.interface,
          JSON.stringify(part.pinout),
          JSON.stringify(part.specs),
          null,
          partSearchText(part),
          1,
          at,
          at,
        );
        tuples.push(
          `(${COLUMNS.map((_, c) => (postgres ? `$${first + c + 1}` : '?')).join(', ')})`,
        );
      }
      const sql = `INSERT INTO "parts" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
      await writeLock.run(() => dataSource.query(sql, values));
      done += rows;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seconds = msSince(started, nowNs()) / 1000;
    await cache.invalidate();
    return { inserted: count, seconds, parts: await countOf('parts') };
  }

  /** What autovacuum (off on the test instance) would do after a bulk load; nothing on SQLite. */
  async function maintain(): Promise<{ seconds: number }> {
    const started = nowNs();
    if (postgres) await dataSource.query('VACUUM ANALYZE "parts"');
    await cache.invalidate();
    return { seconds: msSince(started, nowNs()) / 1000 };
  }

  const captured: { sql: string; parameters: unknown[] }[] = [];
  const logger = dataSource.logger;
  const logQuery = logger.logQuery;
  function capture(): object {
    captured.length = 0;
    logger.logQuery = (sql, parameters, queryRunner) => {
      captured.push({ sql, parameters: (parameters ?? []) as unknown[] });
      return logQuery.call(logger, sql, parameters, queryRunner) as unknown;
    };
    return {};
  }

  /** The statements of the captured request that read the knowledge tables: timed, then planned. */
  async function explain(): Promise<ExplainedStatement[]> {
    logger.logQuery = logQuery;
    const statements = captured.filter(({ sql }) =>
      /knowledge_fts|\bparts\b|\bdocuments\b/.test(sql),
    );
    const explained: ExplainedStatement[] = [];
    const median = async (sql: string, parameters: unknown[]): Promise<number> => {
      const ms: number[] = [];
      for (let run = 0; run < 5; run++) {
        const started = nowNs();
        await dataSource.query(sql, parameters);
        ms.push(msSince(started, nowNs()));
      }
      return stats(ms).p50;
    };
    for (const { sql, parameters } of statements) {
      const ms = await median(sql, parameters);
      const bare = withoutExcerpt(sql, parameters);
      const withoutExcerptMs = bare ? await median(bare.sql, bare.parameters) : undefined;
      let plan: string[];
      if (postgres) {
        const rows = await dataSource.query<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
          parameters,
        );
        plan = rows.map((row) => row['QUERY PLAN']);
      } else {
        const rows = await dataSource.query<{ id: number; parent: number; detail: string }[]>(
          `EXPLAIN QUERY PLAN ${sql}`,
          parameters,
        );
        const depth = new Map<number, number>([[0, -1]]);
        plan = rows.map((row) => {
          const d = (depth.get(row.parent) ?? -1) + 1;
          depth.set(row.id, d);
          return `${'  '.repeat(d)}${row.detail}`;
        });
      }
      explained.push({ sql, parameters, ms, withoutExcerptMs, plan });
    }
    return explained;
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
    let work: Promise<unknown>;
    switch (message.kind) {
      case 'invalidate':
        work = cache.invalidate().then(() => ({}));
        break;
      case 'lookups':
        work = lookups();
        break;
      case 'synthesize':
        work = synthesize(message.count);
        break;
      case 'maintain':
        work = maintain();
        break;
      case 'capture':
        work = Promise.resolve(capture());
        break;
      case 'explain':
        work = explain();
        break;
    }
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

function ask<T>(child: ChildProcess, command: Command, timeoutMs = PHASE_TIMEOUT_MS): Promise<T> {
  const answer = nextMessage<T>(child, command.kind, timeoutMs);
  child.send(command);
  return answer;
}

interface ResultRow {
  database: Database;
  dataset: string;
  kind: QueryKind;
  cached: boolean;
  ms: number[];
}

/** Per probe, uncached: the hits it found and its latencies, per database and dataset. */
interface ProbeResult {
  total: number;
  ms: number[];
}

interface Explained {
  database: Database;
  dataset: string;
  probe: Probe;
  p50: number;
  statements: ExplainedStatement[];
}

const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const progress = (line: string): boolean => process.stderr.write(`bench:knowledge: ${line}\n`);

class Run {
  readonly rows: ResultRow[] = [];
  /** `${database}|${dataset}|${probe.label}|${probe.kind}` */
  readonly probes = new Map<string, ProbeResult>();
  readonly notes: string[] = [];
  readonly explained: Explained[] = [];
  readonly datasets: string[] = [];
  failed = false;

  constructor(private readonly agent: Agent) {}

  private async timed(info: ServerInfo, probe: Probe): Promise<{ ms: number; total: number }> {
    const started = nowNs();
    const reply = await call(this.agent, info.baseUrl, 'GET', probe.path, info.token);
    const ms = msSince(started, nowNs());
    if (reply.status !== 200) {
      throw new Error(`${probe.path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    return { ms, total: Number(reply.body.total) };
  }

  /** Round-robin over `probes` until at least SAMPLES requests; uncached or after a warm-up pass. */
  async measure(
    server: ChildProcess,
    info: ServerInfo,
    dataset: string,
    probes: Probe[],
    cached: boolean,
    samples = SAMPLES,
  ): Promise<void> {
    const rounds = Math.max(1, Math.ceil(samples / probes.length));
    const ms: number[] = [];
    if (cached) {
      await ask(server, { kind: 'invalidate' });
      for (const probe of probes) await this.timed(info, probe);
    }
    const before = await ask<Lookups>(server, { kind: 'lookups' });
    const deadline = Date.now() + ROW_BUDGET_S * 1000;
    for (let round = 0; round < rounds && (round === 0 || Date.now() < deadline); round++) {
      for (const probe of probes) {
        if (!cached) await ask(server, { kind: 'invalidate' });
        const { ms: elapsed, total } = await this.timed(info, probe);
        ms.push(elapsed);
        if (!cached) {
          const key = `${info.database}|${dataset}|${probe.label}|${probe.kind}`;
          const entry = this.probes.get(key) ?? { total, ms: [] };
          entry.ms.push(elapsed);
          this.probes.set(key, entry);
        }
      }
    }
    const after = await ask<Lookups>(server, { kind: 'lookups' });
    const hits = after.hit - before.hit;
    const misses = after.miss - before.miss;
    const expected = cached ? { hit: ms.length, miss: 0 } : { hit: 0, miss: ms.length };
    if (
      hits !== expected.hit ||
      misses !== expected.miss ||
      after.redisError !== before.redisError
    ) {
      this.failed = true;
      this.notes.push(
        `CACHE CHECK FAILED: ${info.database}, ${dataset}, ${probes[0].kind}, ${cached ? 'cached' : 'uncached'}: ` +
          `${hits} hits and ${misses} misses for ${ms.length} requests`,
      );
    }
    this.rows.push({ database: info.database, dataset, kind: probes[0].kind, cached, ms });
  }

  async dataset(server: ChildProcess, info: ServerInfo, dataset: string): Promise<void> {
    if (!this.datasets.includes(dataset)) this.datasets.push(dataset);
    for (const probes of PROBE_SETS) {
      progress(`${info.database}, ${dataset}: ${probes[0].kind}, uncached`);
      await this.measure(server, info, dataset, probes, false);
      progress(`${info.database}, ${dataset}: ${probes[0].kind}, cached`);
      await this.measure(server, info, dataset, probes, true);
    }
  }

  /** The slowest search and the slowest parts list (uncached p50) of `dataset`, explained. */
  async explainSlowest(server: ChildProcess, info: ServerInfo, dataset: string): Promise<void> {
    const groups: Probe[][] = [SEARCHES, [...PART_SEARCHES, ...PART_CATEGORIES]];
    for (const probes of groups) {
      let slowest: { probe: Probe; p50: number } | undefined;
      for (const probe of probes) {
        const result = this.probes.get(`${info.database}|${dataset}|${probe.label}|${probe.kind}`);
        const p50 = result ? stats(result.ms).p50 : NaN;
        if (!slowest || p50 > slowest.p50) slowest = { probe, p50 };
      }
      if (!slowest) continue;
      await ask(server, { kind: 'invalidate' });
      await ask(server, { kind: 'capture' });
      await this.timed(info, slowest.probe);
      const statements = await ask<ExplainedStatement[]>(server, { kind: 'explain' });
      this.explained.push({ database: info.database, dataset, ...slowest, statements });
    }
  }
}

async function postgresReachable(): Promise<string | undefined> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function benchDatabase(run: Run, database: Database): Promise<void> {
  const env: Record<string, string> = {};
  if (database === 'postgres') {
    // Entity column types are fixed at import: the server must know its driver before it loads.
    env.RMC_TEST_DB = 'postgres';
    env.DATABASE_URL = POSTGRES_URL;
    env.TEST_POSTGRES_URL = POSTGRES_URL;
  }
  let server: ChildProcess | undefined;
  try {
    progress(`${database}: starting the server`);
    // The server's own log (warnings and errors, JSON lines) to BENCH_KNOWLEDGE_SERVER_LOG, if set.
    const log = process.env.BENCH_KNOWLEDGE_SERVER_LOG;
    server = spawnRole(__filename, 'server', env, log ? openSync(log, 'a') : undefined);
    const info = await nextMessage<ServerInfo>(server, 'server start', START_TIMEOUT_MS);
    const seed = `seed (${info.parts} parts, ${info.documents} docs)`;
    await run.dataset(server, info, seed);
    if (SYNTHETIC <= 0) {
      await run.explainSlowest(server, info, seed);
      return;
    }

    progress(`${database}: inserting ${SYNTHETIC} synthetic parts`);
    const synth = await ask<Synthesized>(server, { kind: 'synthesize', count: SYNTHETIC });
    const large = `seed + ${SYNTHETIC} synthetic (${synth.parts} parts)`;
    let insertNote =
      `${database}: ${synth.inserted} parts inserted in ${f(synth.seconds)} s ` +
      `(${f(synth.inserted / synth.seconds, 0)} rows/s, ${BATCH_ROWS} a statement, index maintained by ` +
      `${database === 'postgres' ? 'the generated tsvector and its GIN index' : 'the FTS5 triggers'})`;
    if (database === 'postgres') {
      // Straight after the bulk load: no statistics, the GIN index's pending list unmerged.
      const fresh = `${large}, before VACUUM ANALYZE`;
      if (!run.datasets.includes(fresh)) run.datasets.push(fresh);
      progress(`${database}: one uncached pass before VACUUM ANALYZE`);
      for (const probes of PROBE_SETS) {
        await run.measure(server, info, fresh, probes, false, probes.length);
      }
      const maintained = await ask<{ seconds: number }>(server, { kind: 'maintain' });
      insertNote += `; VACUUM ANALYZE "parts" then took ${f(maintained.seconds)} s`;
    }
    run.notes.push(insertNote);
    await run.dataset(server, info, large);
    progress(`${database}: explaining the slowest queries`);
    await run.explainSlowest(server, info, large);
  } finally {
    await stopChild(server, 'stop');
  }
}

function report(run: Run, header: string[], skipped: string[]): string {
  const lines = [...header, ''];
  lines.push(
    '| db | dataset | query kind | cached? | n | p50 (ms) | p99 (ms) | max (ms) |',
    '| -- | ------- | ---------- | ------- | -: | -------: | -------: | -------: |',
  );
  for (const row of run.rows) {
    const s = stats(row.ms);
    lines.push(
      `| ${row.database} | ${row.dataset} | ${row.kind} | ${row.cached ? 'cached' : 'uncached'} | ${s.n} | ${f(s.p50, 2)} | ${f(s.p99, 2)} | ${f(s.max, 2)} |`,
    );
  }
  lines.push(...skipped.map((line) => `\n${line}`), '');

  // Per probe, uncached p50: which queries the p99 comes from, and how many rows each matched.
  const columns: { database: Database; dataset: string }[] = [];
  for (const database of DATABASES) {
    for (const dataset of run.datasets) {
      if (run.rows.some((r) => r.database === database && r.dataset === dataset)) {
        columns.push({ database, dataset });
      }
    }
  }
  if (columns.length > 0) {
    const datasetsOf = [...new Set(columns.map((c) => c.dataset))];
    lines.push(
      `Per query, uncached p50 in ms (matching rows, "total", per dataset: ${datasetsOf
        .map((d, i) => `[${i + 1}] ${d}`)
        .join('; ')}):`,
      '',
      `| query kind | query | ${datasetsOf.map((_, i) => `total [${i + 1}]`).join(' | ')} | ${columns
        .map((c) => `${c.database} [${datasetsOf.indexOf(c.dataset) + 1}]`)
        .join(' | ')} |`,
      `| --- | --- | ${datasetsOf.map(() => '--:').join(' | ')} | ${columns.map(() => '--:').join(' | ')} |`,
    );
    for (const probe of PROBE_SETS.flat()) {
      const cell = (database: Database, dataset: string) =>
        run.probes.get(`${database}|${dataset}|${probe.label}|${probe.kind}`);
      const totals = datasetsOf.map((dataset) => {
        const found = DATABASES.map((d) => cell(d, dataset)?.total).filter((t) => t !== undefined);
        return [...new Set(found)].join(' / ');
      });
      lines.push(
        `| ${probe.kind} | ${probe.label} | ${totals.join(' | ')} | ${columns
          .map((c) => {
            const result = cell(c.database, c.dataset);
            return result ? f(stats(result.ms).p50, 2) : '';
          })
          .join(' | ')} |`,
      );
    }
    lines.push('');
  }

  lines.push(...run.notes.map((note) => `- ${note}`), '');
  for (const e of run.explained) {
    lines.push(
      `Slowest ${e.probe.kind === 'search' ? 'search' : 'parts list'} on ${e.database}, ${e.dataset}: ` +
        `${e.probe.path} (uncached p50 ${f(e.p50, 2)} ms over HTTP)`,
      '',
      '```',
    );
    for (const s of e.statements) {
      const shown = s.sql.length > 600 ? `${s.sql.slice(0, 600)}…` : s.sql;
      lines.push(
        `-- ${f(s.ms, 2)} ms in the server (SQL only, median of 5)` +
          (s.withoutExcerptMs === undefined
            ? ''
            : `, ${f(s.withoutExcerptMs, 2)} ms with the excerpt replaced by ''`) +
          `; parameters ${JSON.stringify(s.parameters)}`,
        shown,
        ...s.plan.map((line) => `   ${line}`),
        '',
      );
    }
    lines.push('```', '');
  }
  return lines.join('\n');
}

async function orchestrate(): Promise<void> {
  const started = Date.now();
  const load = loadavg();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const run = new Run(agent);
  const skipped: string[] = [];
  try {
    for (const database of DATABASES) {
      if (database === 'postgres') {
        const reason = await postgresReachable();
        if (reason) {
          const line = `postgres skipped: ${POSTGRES_URL} is not reachable (${reason})`;
          skipped.push(line);
          progress(line);
          continue;
        }
      }
      await benchDatabase(run, database);
    }
  } finally {
    agent.destroy();
  }
  const cpu = cpus();
  const header = [
    `bench:knowledge, ${new Date().toISOString()}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ` +
      `Node ${process.version}, load average before ${load.map((l) => l.toFixed(2)).join(' ')}, ` +
      `after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ${f((Date.now() - started) / 1000, 0)} s in all`,
    `${SEARCHES.length} searches, ${PART_SEARCHES.length} parts ?search=, ${PART_CATEGORIES.length} parts ?category= ` +
      `(limit=${PAGE_LIMIT}, page 1), round-robin, ${SAMPLES} requests a row ` +
      `(fewer if a row passes ${ROW_BUDGET_S} s); uncached: KnowledgeCache.invalidate() before each ` +
      'request (untimed); cached: after one warm-up pass',
  ];
  process.stdout.write(`${report(run, header, skipped)}\n`);
  if (run.failed) process.exitCode = 1;
}

const role = process.argv[2];
const main = role === 'server' ? runServer : orchestrate;
main().catch((error: unknown) => {
  process.stderr.write(
    `bench:knowledge ${role ?? ''} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
