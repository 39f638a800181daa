import request from 'supertest';
import { SerialLinkHealthIndicator } from '../../src/system/health/serial-link.health';
import type { Socket } from 'socket.io-client';
import { bearer, createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';
import { describeWithRedis, TestRedis } from '../helpers/test-redis';

interface Message {
  type: string;
  seq: number;
  data: Record<string, unknown>;
  snapshot?: true;
}

/**
 * Two instances on one database and one Redis: A owns the rover link (the simulator), B was started
 * with SERIAL_PORT=none. B's clients see A's rover; B passes the e-stop to A and refuses, loudly,
 * what only A can do.
 */
describeWithRedis('a second instance on one Redis (SERIAL_PORT=none)', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  let viewerOnB: Session;
  let operatorOnB: Session;
  const sockets = new SocketClients();

  beforeAll(async () => {
    redis = await TestRedis.claim();
    // Both with the default FLEET_SIMULATION: only the owner may simulate.
    a = await createTestApp({ env: { REDIS_URL: redis.url() } });
    b = await createTestApp({ db: a.db, env: { REDIS_URL: redis.url(), SERIAL_PORT: 'none' } });
    const admin = await loginAdmin(b.baseUrl);
    viewerOnB = await createUserAndLogin(b.baseUrl, admin, 'viewer');
    operatorOnB = await createUserAndLogin(b.baseUrl, admin, 'operator');
  });
  afterAll(async () => {
    sockets.closeAll();
    await b?.close();
    await a?.close();
    await redis?.release();
  });

  async function connect(baseUrl: string, session: Session): Promise<Socket> {
    const socket = sockets.open(`${baseUrl}/telemetry`, { auth: { token: session.accessToken } });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    return socket;
  }

  it("should stream the owner's telemetry and status to a client of the second instance", async () => {
    const socket = await connect(b.baseUrl, viewerOnB);
    const telemetry: Message[] = [];
    const statuses: Message[] = [];
    socket.on('telemetry', (m: Message) => telemetry.push(m));
    socket.on('status', (m: Message) => statuses.push(m));
    await socket.emitWithAck('subscribe', { channels: ['telemetry', 'status'] });
    await waitUntil('telemetry from A', () => telemetry.length >= 3, 5000);
    for (let i = 1; i < telemetry.length; i++) {
      expect(telemetry[i].seq).toBeGreaterThan(telemetry[i - 1].seq);
    }
    await waitUntil('a status from A', () => statuses.length >= 1, 3000);
    // Only the owner speaks for the rover: every status says the link is up.
    expect(statuses.every((m) => m.data.connected === true)).toBe(true);
  });

  // Motion and resume refused on B, and the relay on a real pty: test/realtime/estop-relay.
  it("should pass its e-stop to the owner's simulated rover", async () => {
    const estop = await request(b.baseUrl)
      .post('/api/rover/emergency-stop')
      .set(...bearer(operatorOnB));
    expect(estop.status).toBe(200);
    expect(estop.body).toMatchObject({ status: 'stopped', confirmed: true });
    const status = await request(a.baseUrl).get('/api/rover/status');
    expect(status.body.emergency_stop).toBe(true);
  });

  it('should report its serial link as not owned, and healthy', () => {
    // The indicator itself: /health as a whole also weighs this test process's heap and disk.
    expect(b.app.get(SerialLinkHealthIndicator).check()).toMatchObject({
      serial_link: { status: 'up', state: 'not_owned' },
    });
  });

  it("should list the owner's fleet, rover included, and simulate none of its own", async () => {
    const list = async (baseUrl: string) => {
      const res = await request(baseUrl)
        .get('/api/robots?limit=100')
        .set(...bearer(viewerOnB));
      expect(res.status).toBe(200);
      return res.body as { total: number; items: { id: string; name: string; kind: string }[] };
    };
    const onA = await list(a.baseUrl);
    expect(onA.total).toBe(6); // the rover and five simulated robots
    const onB = await waitUntil(
      'the mirrored fleet on B',
      async () => {
        const robots = await list(b.baseUrl);
        return robots.total > 0 && robots;
      },
      3000,
      100,
    );
    const summary = (robots: typeof onA) =>
      robots.items.map(({ id, name, kind }) => ({ id, name, kind }));
    expect(summary(onB)).toEqual(summary(onA));
    const rover = await request(b.baseUrl)
      .get(`/api/robots/${onA.items[0].id}`)
      .set(...bearer(viewerOnB));
    expect(rover.status).toBe(200);
    expect(rover.body).toMatchObject({ kind: 'rover', online: true });
  });

  it("should give a fleet subscriber on the second instance the owner's robots as its snapshot", async () => {
    const socket = await connect(b.baseUrl, viewerOnB);
    const fleet: Message[] = [];
    socket.on('fleet', (m: Message) => fleet.push(m));
    await socket.emitWithAck('subscribe', { channels: ['fleet'] });
    const snapshots = fleet.filter((m) => m.snapshot);
    expect(snapshots).toHaveLength(6);
  });
});
