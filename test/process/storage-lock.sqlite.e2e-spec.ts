import { monitorEventLoopDelay } from 'node:perf_hooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AlertsService } from '../../src/alerts/alerts.service';
import type { AlertDto } from '../../src/alerts/dto/alert.dto';
import { bearer } from '../helpers/auth';
import { navigationBody } from '../helpers/catalog-fixtures';
import { RoverRig, waitUntil } from '../helpers/rover-rig';
import { SqliteLockHolder } from '../helpers/sqlite-lock-holder';

const BUSY_TIMEOUT_MS = 1000;
const DEADMAN_MS = 600;
const elapsedMs = (fromNs: bigint, toNs: bigint): number => Number(toNs - fromNs) / 1e6;

/**
 * Another process holds SQLite's write lock (as a backup, the sqlite3 shell or a second instance
 * would). better-sqlite3 is synchronous, so a driver-level busy wait would freeze the whole event
 * loop; these prove the service keeps stopping the rover on time and answers writes with 503.
 * The app runs in this process, so this process's event-loop delay is the service's.
 */
describe('storage locked by another process', () => {
  let rig: RoverRig;
  let holder: SqliteLockHolder;

  beforeAll(async () => {
    rig = await RoverRig.start({
      env: {
        DATABASE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS),
        DEADMAN_TIMEOUT_MS: String(DEADMAN_MS),
      },
    });
    holder = await SqliteLockHolder.start(rig.db.path!);
  });
  afterAll(async () => {
    await holder?.close();
    await rig?.close();
  });
  beforeEach(() => rig.reset());

  /** Runs `work` with the lock held, measuring the worst event-loop stall meanwhile. */
  async function whileLocked<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; maxStallMs: number }> {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    await holder.lock();
    delay.enable();
    try {
      const result = await work();
      return { result, maxStallMs: delay.max / 1e6 };
    } finally {
      delay.disable();
      await holder.release();
    }
  }

  it('should answer a write with 503 storage_busy after the busy timeout, store nothing, and keep /health/live answering', async () => {
    const name = `locked-out-${Date.now()}`;
    const { result, maxStallMs } = await whileLocked(async () => {
      const started = Date.now();
      // supertest sends on then(): start the write now, and probe liveness while it waits.
      const write = request(rig.baseUrl)
        .post('/api/navigation')
        .set(...bearer(rig.operator))
        .send(navigationBody({ name }))
        .then((res) => res);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const liveStarted = Date.now();
      const live = await request(rig.baseUrl).get('/health/live');
      const liveMs = Date.now() - liveStarted;
      const res = await write;
      return { res, writeMs: Date.now() - started, live, liveMs };
    });
    expect(result.res.status).toBe(503);
    expect(result.res.body).toMatchObject({ statusCode: 503, error: 'storage_busy' });
    expect(result.res.headers['retry-after']).toBe('1');
    expect(result.writeMs).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 50);
    expect(result.writeMs).toBeLessThan(BUSY_TIMEOUT_MS + 1500);
    expect(result.live.status).toBe(200);
    expect(result.liveMs).toBeLessThan(500);
    // A driver-level busy wait would stall the loop for the whole timeout.
    expect(maxStallMs).toBeLessThan(250);

    const list = await request(rig.baseUrl)
      .get(`/api/navigation?search=${name}`)
      .set(...bearer(rig.operator));
    expect(list.body.total).toBe(0);
    const retried = await request(rig.baseUrl)
      .post('/api/navigation')
      .set(...bearer(rig.operator))
      .send(navigationBody({ name }));
    expect(retried.status).toBe(201);
  });

  it('should send the stop frame and answer the e-stop at once with persisted:false, then store the latch when the lock frees', async () => {
    await rig.reportMoving();
    rig.rover.clear();
    let sentAt = 0n;
    let answeredAt = 0n;
    const { result: stopped, maxStallMs } = await whileLocked(async () => {
      sentAt = process.hrtime.bigint();
      const res = await rig.estop(rig.viewer);
      answeredAt = process.hrtime.bigint();
      const est = await rig.rover.waitForFrame('EST', 1000);
      expect(elapsedMs(sentAt, est.receivedAtNs)).toBeLessThan(100);
      // Still locked: the latch is only in memory, and the status says latched.
      expect((await rig.status()).emergency_stop).toBe(true);
      const stored = await holder.query<{ estop_latched: number }>(
        'SELECT estop_latched FROM rover_safety_state',
      );
      expect(stored.every((row) => row.estop_latched === 0)).toBe(true);
      return res;
    });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', confirmed: true, persisted: false });
    expect(elapsedMs(sentAt, answeredAt)).toBeLessThan(300);
    expect(maxStallMs).toBeLessThan(250);

    await waitUntil(
      'the latch stored once the lock freed',
      async () =>
        (
          await holder.query<{ estop_latched: number }>(
            'SELECT estop_latched FROM rover_safety_state',
          )
        )[0]?.estop_latched === 1,
      2000,
    );
    // And so a restart comes back latched.
    await rig.stopApp();
    await rig.startApp();
    expect((await rig.status()).emergency_stop).toBe(true);
  });

  it('should answer persisted:true when the database is free', async () => {
    const res = await rig.estop(rig.operator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ confirmed: true, persisted: true });
  });

  it('should stop a rover whose operator went quiet on time while the lock is held', async () => {
    const moved = await rig.control(rig.operator, { forward: 0.4, turn: 0 });
    expect(moved.status).toBe(200);
    const mov = rig.rover.framesOfType('MOV')[0];
    const ackedAtNs = mov.answeredAtNs ?? mov.receivedAtNs;
    const { result: stp } = await whileLocked(async () => {
      // Someone else writes meanwhile: the write waits for the lock, the deadman must not.
      const write = request(rig.baseUrl)
        .post('/api/navigation')
        .set(...bearer(rig.admin))
        .send(navigationBody())
        .then((res) => res);
      const frame = await rig.rover.waitForFrame('STP', DEADMAN_MS + 1000);
      expect((await write).status).toBe(503);
      return frame;
    });
    expect(elapsedMs(ackedAtNs, stp.receivedAtNs)).toBeLessThan(DEADMAN_MS + 200);
    // Its audit entry waited for the lock rather than being dropped.
    await waitUntil(
      'the deadman_stop audit entry',
      async () => {
        const res = await request(rig.baseUrl)
          .get('/api/audit?action=deadman_stop&limit=5')
          .set(...bearer(rig.admin));
        return (res.body as { total: number }).total > 0;
      },
      3000,
    );
  });

  it('should declare a silent link down within 2 s while the lock is held, and still latch an e-stop then', async () => {
    const { result } = await whileLocked(async () => {
      rig.rover.setMode('mute');
      const downMs = await rig.waitForLink('down', 2500);
      const stopped = await rig.estop(rig.operator);
      return { downMs, stopped };
    });
    expect(result.downMs).toBeLessThan(2000);
    expect(result.stopped.status).toBe(200);
    expect(result.stopped.body).toMatchObject({ confirmed: false, persisted: false });
    rig.rover.setMode('ack');
    await rig.waitForLink('up', 5000);
  });

  it('should refuse a resume whose release cannot be stored with 503 storage_busy and stay latched', async () => {
    expect((await rig.estop(rig.operator)).status).toBe(200);
    const { result: resumed } = await whileLocked(() => rig.resume(rig.operator));
    expect(resumed.status).toBe(503);
    expect(resumed.body).toMatchObject({ error: 'storage_busy' });
    expect((await rig.status()).emergency_stop).toBe(true);
    const refused = await rig.control(rig.operator, { forward: 0.2, turn: 0 });
    expect(refused.status).toBe(409);
    // Storage agrees with the service: still latched.
    await waitUntil(
      'storage latched again',
      async () =>
        (
          await holder.query<{ estop_latched: number }>(
            'SELECT estop_latched FROM rover_safety_state',
          )
        )[0]?.estop_latched === 1,
      2000,
    );
    expect((await rig.resume(rig.operator)).status).toBe(200);
  });
});

/** Storage that refuses every write (a full disk, a read-only mount), not just a busy lock. */
describe('storage refusing writes', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start();
  });
  afterAll(() => rig?.close());

  it('should still stop and latch, answer persisted:false, raise a storage_failure alert, and store the latch once storage recovers', async () => {
    const dataSource = rig.t.app.get(DataSource);
    const alerts: AlertDto[] = [];
    const subscription = rig.t.app
      .get(AlertsService)
      .alerts$.subscribe((alert) => alerts.push(alert));
    try {
      await dataSource.query('PRAGMA query_only = 1');
      const stopped = await rig.estop(rig.operator);
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({ confirmed: true, persisted: false });
      await rig.rover.waitForFrame('EST', 1000);
      const failure = await waitUntil(
        'a storage_failure alert',
        () => alerts.find((alert) => alert.kind === 'storage_failure'),
        5000,
      );
      expect(failure.severity).toBe('critical');
      expect(alerts.map((alert) => alert.kind)).toContain('emergency_stop');
      expect((await rig.status()).emergency_stop).toBe(true);
    } finally {
      await dataSource.query('PRAGMA query_only = 0');
      subscription.unsubscribe();
    }
    await waitUntil(
      'the latch stored after storage recovered',
      async () =>
        (
          await dataSource.query<{ estop_latched: number }[]>(
            'SELECT estop_latched FROM rover_safety_state',
          )
        )[0]?.estop_latched === 1,
      8000,
    );
  });
});
