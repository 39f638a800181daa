import request from 'supertest';
import { RELAY_REPLY_WAIT_MS } from '../../src/rover/emergency-stop-relay';
import { STATUS_MIRROR_STALE_MS } from '../../src/rover/rover-status-mirror';
import { bearer, createUserAndLogin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { RoverRig, waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';
import { describeWithRedis, TestRedis } from '../helpers/test-redis';

interface Status {
  connected: boolean;
  emergency_stop: boolean;
}

interface AuditBody {
  action: string;
  actor: string;
  at: string;
}

/**
 * An e-stop pressed on an instance without the rover link (SERIAL_PORT=none) reaches the rover
 * through the owner, over Redis; when no owner can take it, the answer is a 503, never "stopped".
 */
describeWithRedis('the e-stop forwarded from a second instance (REDIS_URL)', () => {
  let redis: TestRedis;
  let rig: RoverRig;
  let b: TestApp;
  let operatorOnB: Session;
  let viewerOnB: Session;
  const sockets = new SocketClients();

  beforeAll(async () => {
    redis = await TestRedis.claim();
    rig = await RoverRig.start({ env: { REDIS_URL: redis.url(), FLEET_SIMULATION: 'false' } });
    b = await createTestApp({
      db: rig.db,
      // The limit is shared through Redis: status polling here must not spend the rig's budget.
      env: {
        REDIS_URL: redis.url(),
        SERIAL_PORT: 'none',
        FLEET_SIMULATION: 'false',
        THROTTLE_LIMIT: '1000000',
      },
    });
    operatorOnB = await createUserAndLogin(b.baseUrl, rig.admin, 'operator');
    viewerOnB = await createUserAndLogin(b.baseUrl, rig.admin, 'viewer');
  });
  afterAll(async () => {
    sockets.closeAll();
    await b?.close();
    await rig?.close();
    await redis?.release();
  });
  beforeEach(() => rig.reset());

  const estopOnB = (session: Session) =>
    request(b.baseUrl)
      .post('/api/rover/emergency-stop')
      .set(...bearer(session));

  it("should stop the owner's rover: EST on the pty, the owner's answer, latched on both", async () => {
    const est = rig.rover.waitForFrame('EST', 1000);
    const res = await estopOnB(operatorOnB);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stopped', confirmed: true, persisted: true });
    await est;
    expect((await rig.status()).emergency_stop).toBe(true);
    // The owner refuses motion while latched, whichever instance the operator used.
    const move = await rig.control(rig.operator, { forward: 0.2, turn: 0 });
    expect(move.status).toBe(409);
    expect(move.body).toMatchObject({ error: 'estop_latched' });
  });

  it("should answer GET /api/rover/status on the second instance with the owner's status", async () => {
    const status = async () => (await request(b.baseUrl).get('/api/rover/status')).body as Status;
    await waitUntil('the owner status on B', async () => (await status()).connected, 3000);
    expect((await status()).emergency_stop).toBe(false);
    expect((await estopOnB(operatorOnB)).status).toBe(200);
    // Published on the latch change itself, not only at the next second.
    await waitUntil('the latch seen on B', async () => (await status()).emergency_stop, 500);
  });

  it("should audit the forwarded stop under the caller's name", async () => {
    const since = Date.now();
    expect((await estopOnB(viewerOnB)).status).toBe(200);
    const res = await request(rig.baseUrl)
      .get('/api/audit?action=emergency_stop&limit=100')
      .set(...bearer(rig.admin));
    const entries = (res.body as { items: AuditBody[] }).items.filter(
      (entry) => Date.parse(entry.at) >= since - 5,
    );
    expect(entries.map((entry) => entry.actor)).toContain(viewerOnB.user.username);
  });

  it('should forward a socket `command stop` on the second instance too', async () => {
    const socket = sockets.open(`${b.baseUrl}/telemetry`, {
      auth: { token: viewerOnB.accessToken },
    });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    const est = rig.rover.waitForFrame('EST', 1000);
    const ack = (await socket.emitWithAck('command', { action: 'stop' })) as Record<
      string,
      unknown
    >;
    expect(ack).toMatchObject({ status: 'stopped', confirmed: true });
    await est;
  });

  it('should still refuse motion and resume on the second instance', async () => {
    const control = await request(b.baseUrl)
      .post('/api/rover/control')
      .set(...bearer(operatorOnB))
      .send({ forward: 0.2, turn: 0 });
    expect(control.status).toBe(503);
    expect(control.body).toMatchObject({ error: 'hardware_unavailable' });
    const resume = await request(b.baseUrl)
      .post('/api/rover/resume')
      .set(...bearer(operatorOnB))
      .send({ reason: 'from the wrong instance' });
    expect(resume.status).toBe(503);
    expect(rig.rover.framesOfType('MOV')).toHaveLength(0);
    expect(rig.rover.framesOfType('RES')).toHaveLength(0);
  });

  it('should say "not confirmed" when the owner is up but the rover does not ACK', async () => {
    rig.rover.setMode('silent');
    const res = await estopOnB(operatorOnB);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stopped', confirmed: false });
  });

  it('should answer 503 at once, not "stopped", when no instance owns the link', async () => {
    await rig.stopApp();
    try {
      const started = Date.now();
      const res = await estopOnB(operatorOnB);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ error: 'hardware_unavailable' });
      expect(res.body.message).toMatch(/could not pass the emergency stop.*no instance owns/);
      // Nobody subscribed: PUBLISH says so, so the answer does not wait for the reply timeout.
      expect(Date.now() - started).toBeLessThan(RELAY_REPLY_WAIT_MS);
      expect(rig.rover.framesOfType('EST')).toHaveLength(0);
      // The owner's last word goes stale: B no longer claims a connected rover.
      await waitUntil(
        'B to drop the stale owner status',
        async () =>
          ((await request(b.baseUrl).get('/api/rover/status')).body as Status).connected === false,
        STATUS_MIRROR_STALE_MS + 2000,
        100,
      );
    } finally {
      await rig.startApp();
    }
  });
});
