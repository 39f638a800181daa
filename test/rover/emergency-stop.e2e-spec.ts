import request from 'supertest';
import { bearer, createUserAndLogin } from '../helpers/auth';
import { RoverRig, waitUntil } from '../helpers/rover-rig';

const elapsedMs = (fromNs: bigint, toNs: bigint): number => Number(toNs - fromNs) / 1e6;

describe('emergency stop and resume over a real pty', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start({ env: { COMMAND_ACK_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.reset());

  it('should e-stop with 200 confirmed:true and put EST on the wire right after ten controls used up the rate limit', async () => {
    // A fresh operator, so their 1 s control window starts with the first of these requests.
    const driver = await createUserAndLogin(rig.baseUrl, rig.admin, 'operator');
    const windowStart = Date.now();
    for (let i = 1; i <= 10; i++) {
      const res = await rig.control(driver, { forward: i / 20, turn: 0 });
      expect(res.status).toBe(200);
    }
    const eleventh = await rig.control(driver, { forward: 0.6, turn: 0 });
    const windowUsed = Date.now() - windowStart;
    if (windowUsed >= 1000)
      throw new Error(`the 11 controls took ${windowUsed} ms, more than the 1 s rate window`);
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers['retry-after']).toBeDefined();
    await rig.reportMoving();
    rig.rover.clear();

    const sentAt = process.hrtime.bigint();
    const stopped = await rig.estop(driver);
    const answeredAt = process.hrtime.bigint();

    expect(stopped.status).toBe(200);
    expect(stopped.body).toEqual({
      status: 'stopped',
      timestamp: expect.any(String),
      previous_state: { moving: true, speed: 0.5 },
      confirmed: true,
      persisted: true,
    });
    const est = await rig.rover.waitForFrame('EST', 1000);
    const wireMs = elapsedMs(sentAt, est.receivedAtNs);
    console.log(
      `e-stop after a rate-limited burst: request -> EST on the pty ${wireMs.toFixed(2)} ms, ` +
        `request -> 200 ${elapsedMs(sentAt, answeredAt).toFixed(2)} ms`,
    );
    expect(wireMs).toBeLessThan(250);
    expect(rig.rover.framesOfType('EST')).toHaveLength(1);
    expect((await rig.status()).emergency_stop).toBe(true);
  });

  it('should refuse control while latched with 409 estop_latched and write no MOV', async () => {
    expect((await rig.estop(rig.operator)).status).toBe(200);
    rig.rover.clear();

    const res = await rig.control(rig.operator, { forward: 0.5, turn: 0 });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('estop_latched');
    const turnOnly = await rig.control(rig.operator, { forward: 0, turn: 0.5, duration: 1 });
    expect(turnOnly.status).toBe(409);
    await rig.rover.expectNoFrame('MOV', 300);
    const history = await request(rig.baseUrl)
      .get('/api/rover/commands?limit=1')
      .set(...bearer(rig.viewer));
    expect(history.body.items[0]).toMatchObject({ status: 'rejected' });
    expect(history.body.items[0].reason).toContain('estop_latched');
    expect(history.body.items[0].stages.sent).toBeNull();
  });

  it('should treat a second e-stop as a harmless 200 that keeps the latch', async () => {
    const first = await rig.estop(rig.operator);
    const second = await rig.estop(rig.admin);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'stopped', confirmed: true });
    await waitUntil('two EST frames', () => rig.rover.framesOfType('EST').length === 2, 1000);
    expect((await rig.status()).emergency_stop).toBe(true);
  });

  it('should not let a queued command through once the e-stop latched, nor make the e-stop wait behind the one in flight', async () => {
    rig.rover.ackDelayMs = { MOV: 400 };
    const inFlight = rig.control(rig.operator, { forward: 0.3, turn: 0 }).then((r) => r);
    await rig.rover.waitForFrame('MOV', 1000);
    const queued = [
      rig.control(rig.admin, { forward: 0.8, turn: 0 }).then((r) => r),
      rig.control(rig.admin, { forward: 0.9, turn: 0 }).then((r) => r),
    ];
    await waitUntil(
      'both commands to be queued',
      async () => {
        const res = await request(rig.baseUrl)
          .get('/api/rover/commands?limit=3')
          .set(...bearer(rig.viewer));
        const items = res.body.items as { status: string }[];
        return items.filter((item) => item.status === 'queued').length === 2;
      },
      1000,
      5,
    );

    const sentAt = process.hrtime.bigint();
    const stopped = await rig.estop(rig.viewer);
    expect(stopped.status).toBe(200);
    const est = await rig.rover.waitForFrame('EST', 1000);
    // The MOV in flight is held 400 ms by the rover; the EST must not queue behind it.
    expect(elapsedMs(sentAt, est.receivedAtNs)).toBeLessThan(200);

    for (const res of await Promise.all(queued)) {
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('estop_latched');
    }
    await inFlight;
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything still to come would be here by now
    expect(rig.rover.framesOfType('MOV').map((mov) => mov.fields[0])).toEqual(['0.30']);
  });

  it('should never write a MOV after the EST, nor answer 200 for it, when controls race an e-stop', async () => {
    const rounds: string[] = [];
    for (let round = 0; round < 10; round++) {
      if (round > 0) await rig.reset();
      // A fresh operator each round: eight controls a round stay inside their 10/s budget.
      const driver = await createUserAndLogin(rig.baseUrl, rig.admin, 'operator');
      const controls = Array.from({ length: 8 }, (_, i) =>
        rig.control(driver, { forward: 0.1 + i / 100, turn: 0 }).then((r) => ({
          status: r.status,
          forward: r.status === 200 ? (r.body.executed_command.forward as number) : null,
        })),
      );
      await new Promise((resolve) => setTimeout(resolve, (round % 5) * 2));
      const stopped = await rig.estop(rig.viewer);
      expect(stopped.status).toBe(200);
      const answers = await Promise.all(controls);
      // Anything the service was going to write for these requests has been written by now.
      await new Promise((resolve) => setTimeout(resolve, 100));

      const wire = rig.rover.frames.filter((f) => f.type === 'MOV' || f.type === 'EST');
      const firstEst = wire.findIndex((f) => f.type === 'EST');
      const movsAfterEst = wire.slice(firstEst).filter((f) => f.type === 'MOV');
      const beforeEst = new Set(wire.slice(0, firstEst).map((f) => f.fields[0]));
      const succeededAfterEst = answers.filter(
        (a) => a.status === 200 && !beforeEst.has((a.forward ?? 0).toFixed(2)),
      );
      if (movsAfterEst.length > 0 || succeededAfterEst.length > 0) {
        rounds.push(
          `round ${round}: wire ${wire.map((f) => f.line).join(' ')}; ` +
            `answers ${answers.map((a) => a.status).join(',')}`,
        );
      }
    }
    // Every round must be clean: a MOV after the EST means a command passed the latch check,
    // waited on the database while the e-stop latched, and was then written anyway.
    expect(rounds).toEqual([]);
  });

  it('should stay latched when an e-stop arrives while a resume is waiting for the rover', async () => {
    expect((await rig.estop(rig.operator)).status).toBe(200);
    rig.rover.ackDelayMs = { RES: 300 };
    rig.rover.clear();
    const resuming = rig.resume(rig.operator).then((r) => r);
    await rig.rover.waitForFrame('RES', 1000);

    const stopped = await rig.estop(rig.viewer);
    expect(stopped.status).toBe(200);
    await rig.rover.waitForFrame('EST', 1000);
    await resuming;

    // The e-stop came last, on the wire (RES then EST) and in time: it must win.
    expect(rig.rover.frames.filter((f) => f.type !== 'HBT').map((f) => f.type)).toEqual([
      'RES',
      'EST',
    ]);
    expect((await rig.status()).emergency_stop).toBe(true);
    const res = await rig.control(rig.operator, { forward: 0.3, turn: 0 });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('estop_latched');
  });

  it('should refuse a resume with a missing, too short or non-string reason with 400 and stay latched', async () => {
    expect((await rig.estop(rig.operator)).status).toBe(200);
    rig.rover.clear();

    for (const body of [
      {},
      { reason: '' },
      { reason: 'ok' },
      { reason: 12345 },
      { reason: null },
      { reason: 'x'.repeat(501) },
      { reason: 'fine to go', extra: true },
    ]) {
      const res = await rig.resume(rig.operator, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(rig.rover.framesOfType('RES')).toHaveLength(0);
    expect((await rig.status()).emergency_stop).toBe(true);
    expect((await rig.control(rig.operator, { forward: 0.2, turn: 0 })).status).toBe(409);
  });

  it('should resume with 200 and RES, and write no MOV until a new control command', async () => {
    expect((await rig.control(rig.operator, { forward: 0.5, turn: 0 })).status).toBe(200);
    rig.rover.moving = true;
    expect((await rig.estop(rig.operator)).status).toBe(200);
    rig.rover.moving = false;
    rig.rover.clear();

    const res = await rig.resume(rig.operator);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'resumed', timestamp: expect.any(String) });
    await rig.rover.waitForFrame('RES', 1000);
    expect((await rig.status()).emergency_stop).toBe(false);
    // Resuming unlatches only: the move from before the stop is not replayed.
    await rig.rover.expectNoFrame('MOV', 500);

    const drive = await rig.control(rig.operator, { forward: 0.25, turn: 0 });
    expect(drive.status).toBe(200);
    const mov = await rig.rover.waitForFrame('MOV', 1000);
    expect(mov.fields).toEqual(['0.25', '0.00', '0']);
    expect(rig.rover.framesOfType('MOV')).toHaveLength(1);
  });

  it('should answer 200 to a resume when nothing is latched', async () => {
    expect((await rig.status()).emergency_stop).toBe(false);
    const res = await rig.resume(rig.operator);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('resumed');
    expect((await rig.status()).emergency_stop).toBe(false);
    expect((await rig.control(rig.operator, { forward: 0.1, turn: 0 })).status).toBe(200);
  });

  it('should let a viewer e-stop (200) but not resume (403)', async () => {
    const stopped = await rig.estop(rig.viewer);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', confirmed: true });
    await rig.rover.waitForFrame('EST', 1000);

    const res = await rig.resume(rig.viewer);
    expect(res.status).toBe(403);
    expect((await rig.status()).emergency_stop).toBe(true);
    expect(rig.rover.framesOfType('RES')).toHaveLength(0);
  });

  it('should refuse an e-stop without a token with 401', async () => {
    const res = await request(rig.baseUrl).post('/api/rover/emergency-stop');
    expect(res.status).toBe(401);
    expect((await rig.status()).emergency_stop).toBe(false);
  });
});

describe('emergency stop latch across an app restart on the same database', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start();
  });
  afterAll(() => rig?.close());

  it('should come back latched after a restart, refuse control with 409 and write EST first on connect', async () => {
    expect((await rig.estop(rig.viewer)).status).toBe(200);
    await rig.stopApp();
    // Let the old app's last heartbeat drain out of the pty before counting frames.
    await new Promise((resolve) => setTimeout(resolve, 100));
    rig.rover.clear();

    await rig.startApp();
    await rig.rover.waitForFrame('HBT', 1000);
    expect(rig.rover.frames[0].type).toBe('EST');
    const status = await rig.status();
    expect(status.emergency_stop).toBe(true);
    const res = await request(rig.baseUrl)
      .post('/api/rover/control')
      .set(...bearer(rig.operator))
      .send({ forward: 0.5, turn: 0 });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('estop_latched');
    await rig.rover.expectNoFrame('MOV', 200);
  });

  it('should come back unlatched after a resume and a restart, with no EST on connect', async () => {
    const resumed = await request(rig.baseUrl)
      .post('/api/rover/resume')
      .set(...bearer(rig.operator))
      .send({ reason: 'checked after the restart' });
    expect(resumed.status).toBe(200);
    await rig.stopApp();
    rig.rover.clear();

    await rig.startApp();
    await rig.rover.waitForFrame('HBT', 1000);
    expect(rig.rover.framesOfType('EST')).toHaveLength(0);
    expect((await rig.status()).emergency_stop).toBe(false);
  });

  it('should write STP to a moving rover before the service shuts down', async () => {
    const resumed = await rig.resume(rig.operator, 'shutdown check');
    expect(resumed.status).toBe(200);
    const drive = await rig.control(rig.operator, { forward: 0.4, turn: 0 });
    expect(drive.status).toBe(200);
    await rig.reportMoving();
    rig.rover.clear();

    await rig.stopApp();
    await rig.rover.waitForFrame('STP', 1000);
    expect(rig.rover.framesOfType('MOV')).toHaveLength(0);
    rig.rover.moving = false;
    await rig.startApp();
  });
});
