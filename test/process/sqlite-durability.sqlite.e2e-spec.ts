import {
  type ProcessApp,
  requestJson,
  startProcessApp,
  tempDatabase,
  type TempDatabase,
} from '../helpers/process-app';

const ADMIN_PASSWORD = 'durability-admin-password';
/** Bursts must measure the database, not the rate limiter. */
const ENV = { ADMIN_PASSWORD, THROTTLE_LIMIT: '1000000' };

interface BurstOptions {
  baseUrl: string;
  token: string;
  namePrefix: string;
  /** Upper bound on requests sent. */
  maxRequests: number;
  /** Upper bound on wall time; no new request starts after it. */
  maxMs: number;
  concurrency: number;
  /** Checked before each request: stop early (e.g. the other instance is ready). */
  stopWhen?: () => boolean;
  onCreated?: (id: string, createdSoFar: number) => void;
}

interface BurstResult {
  sent: number;
  statuses: Map<number, number>;
  /** Ids of the records whose 201 reached the client. */
  ids: string[];
  /** Requests that got no HTTP answer at all (connection reset, refused, timeout). */
  failures: number;
  errors: string[];
}

interface BurstRun {
  /** Live counters, readable while the burst runs. */
  progress: BurstResult;
  done: Promise<BurstResult>;
}

/** Concurrent POST /api/navigation with unique names, bounded in count and in time. */
function burst(options: BurstOptions): BurstRun {
  const result: BurstResult = { sent: 0, statuses: new Map(), ids: [], failures: 0, errors: [] };
  const deadline = Date.now() + options.maxMs;
  const worker = async (): Promise<void> => {
    while (result.sent < options.maxRequests && Date.now() < deadline && !options.stopWhen?.()) {
      const n = result.sent++;
      try {
        const res = await requestJson(options.baseUrl, 'POST', '/api/navigation', {
          token: options.token,
          timeoutMs: 10_000,
          body: {
            name: `${options.namePrefix}-${n}`,
            algorithm: 'a_star',
            maxSpeed: 1,
            goalTolerance: 0.5,
            waypoints: [{ x: n, y: 0 }],
            enabled: true,
          },
        });
        result.statuses.set(res.status, (result.statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) {
          result.ids.push(String(res.body.id));
          options.onCreated?.(String(res.body.id), result.ids.length);
        } else if (result.errors.length < 5) {
          result.errors.push(`${res.status} ${JSON.stringify(res.body)}`);
        }
      } catch (error) {
        result.failures++;
        if (result.errors.length < 5) result.errors.push(String(error));
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => result);
  return { progress: result, done };
}

async function adminToken(app: ProcessApp): Promise<string> {
  const res = await requestJson(app.baseUrl, 'POST', '/api/auth/login', {
    body: { username: 'admin', password: ADMIN_PASSWORD },
  });
  expect(res.status).toBe(200);
  return String(res.body.accessToken);
}

const busyLines = (app: ProcessApp): string[] =>
  app.lines.map(({ text }) => text).filter((text) => /SQLITE_BUSY|database is locked/i.test(text));

describe('SQLite durability of the built service (real processes, one file)', () => {
  describe('two instances on one file', () => {
    let db: TempDatabase;
    let a: ProcessApp | undefined;
    let b: ProcessApp | undefined;
    beforeAll(() => {
      db = tempDatabase();
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      db?.remove();
    });

    it('should serve 201 to every create from both instances with no SQLITE_BUSY, rows adding up', async () => {
      a = await startProcessApp({ databasePath: db.path, env: ENV });
      const token = await adminToken(a);

      // Instance B boots (migrations check, admin bootstrap) while A keeps writing.
      let bReady = false;
      const duringBoot = burst({
        baseUrl: a.baseUrl,
        token,
        namePrefix: 'a-boot',
        maxRequests: 2000,
        maxMs: 20_000,
        concurrency: 2,
        stopWhen: () => bReady,
      }).done;
      try {
        b = await startProcessApp({ databasePath: db.path, env: ENV });
      } finally {
        bReady = true;
      }
      const boot = await duringBoot;

      const [fromA, fromB] = await Promise.all([
        burst({
          baseUrl: a.baseUrl,
          token,
          namePrefix: 'a',
          maxRequests: 200,
          maxMs: 20_000,
          concurrency: 10,
        }).done,
        burst({
          baseUrl: b.baseUrl,
          token,
          namePrefix: 'b',
          maxRequests: 200,
          maxMs: 20_000,
          concurrency: 10,
        }).done,
      ]);

      expect(boot.sent).toBeGreaterThan(0); // A really was writing while B booted
      for (const run of [boot, fromA, fromB]) {
        expect({ statuses: [...run.statuses], failures: run.failures, errors: run.errors }).toEqual(
          {
            statuses: [[201, run.sent]],
            failures: 0,
            errors: [],
          },
        );
      }
      expect(fromA.ids).toHaveLength(200);
      expect(fromB.ids).toHaveLength(200);

      for (const app of [a, b]) {
        expect(app.exited).toBe(false);
        expect((await requestJson(app.baseUrl, 'GET', '/health/ready')).status).toBe(200);
        const list = await requestJson(app.baseUrl, 'GET', '/api/navigation?limit=1', { token });
        expect(list.status).toBe(200);
        expect(list.body.total).toBe(boot.ids.length + 400);
      }
      expect(busyLines(a)).toEqual([]);
      expect(busyLines(b)).toEqual([]);
    }, 60_000);
  });

  describe('kill -9 in the middle of a burst', () => {
    let db: TempDatabase;
    let first: ProcessApp | undefined;
    let restarted: ProcessApp | undefined;
    beforeAll(() => {
      db = tempDatabase();
    });
    afterAll(async () => {
      await Promise.all([first?.stop(), restarted?.stop()]);
      db?.remove();
    });

    it('should keep every record whose create was answered 201 before the SIGKILL', async () => {
      const app = await startProcessApp({ databasePath: db.path, env: ENV });
      first = app;
      const token = await adminToken(app);

      let inFlightAtKill = -1;
      let sentAtKill = 0;
      let answered = 0;
      const run = burst({
        baseUrl: app.baseUrl,
        token,
        namePrefix: 'k',
        maxRequests: 300,
        maxMs: 5000,
        concurrency: 8,
        onCreated: (_id, created) => {
          answered = created;
          if (created === 100 && inFlightAtKill < 0) {
            sentAtKill = run.progress.sent;
            inFlightAtKill = sentAtKill - created;
            app.kill('SIGKILL');
          }
        },
      });
      const result = await run.done;
      const exit = await app.waitForExit(5000);

      expect(exit.signal).toBe('SIGKILL');
      expect(result.ids.length).toBeGreaterThanOrEqual(100);
      expect(inFlightAtKill).toBeGreaterThan(0); // the kill landed with creates still in flight
      expect(answered).toBe(result.ids.length);

      restarted = await startProcessApp({ databasePath: db.path, env: ENV });
      const token2 = await adminToken(restarted);
      const missing: string[] = [];
      for (const id of result.ids) {
        const res = await requestJson(restarted.baseUrl, 'GET', `/api/navigation/${id}`, {
          token: token2,
        });
        if (res.status !== 200) missing.push(`${id}: ${res.status}`);
      }
      expect(missing).toEqual([]);
      const list = await requestJson(restarted.baseUrl, 'GET', '/api/navigation?limit=1', {
        token: token2,
      });
      // Rows whose 201 was lost with the process may exist; none that was answered may be missing.
      expect(Number(list.body.total)).toBeGreaterThanOrEqual(result.ids.length);
      // ...and none that was never sent: requests started after the kill cannot have written.
      expect(Number(list.body.total)).toBeLessThanOrEqual(sentAtKill);
    }, 60_000);
  });
});
