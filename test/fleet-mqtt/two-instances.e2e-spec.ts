import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { mqttRobotId } from '../../src/fleet/vda5050/vehicle-registry';
import { bearer, createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { TestBroker } from '../helpers/mqtt/broker';
import { FakeAgv } from '../helpers/mqtt/fake-agv';
import { waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';
import { describeWithRedis, TestRedis } from '../helpers/test-redis';

interface RobotMessage {
  type: string;
  data: { id: string; battery: number | null };
}

/**
 * Two instances on one Redis and one broker. Both subscribe to the vehicles (either can send a
 * stop and hear the answer); only the owner of the rover link broadcasts them and raises alerts,
 * so a client of either instance gets each update once, and each alert is raised once.
 */
describeWithRedis('fleet over MQTT with two instances on one Redis', () => {
  let redis: TestRedis;
  let broker: TestBroker;
  let a: TestApp;
  let b: TestApp;
  let operatorOnB: Session;
  let adminOnA: Session;
  let agv: FakeAgv;
  const sockets = new SocketClients();
  const id = mqttRobotId('acme', 'two-1');

  beforeAll(async () => {
    redis = await TestRedis.claim();
    broker = await TestBroker.start();
    const env = { REDIS_URL: redis.url(), FLEET_MQTT_URL: broker.url };
    a = await createTestApp({ env });
    b = await createTestApp({ db: a.db, env: { ...env, SERIAL_PORT: 'none' } });
    adminOnA = await loginAdmin(a.baseUrl);
    operatorOnB = await createUserAndLogin(b.baseUrl, await loginAdmin(b.baseUrl), 'operator');
    agv = new FakeAgv({ brokerUrl: broker.url, serialNumber: 'two-1', stateEveryMs: 200 });
    await agv.start();
  });
  afterAll(async () => {
    sockets.closeAll();
    await agv?.stop();
    await b?.close();
    await a?.close();
    await broker?.stop();
    await redis?.release();
  });

  async function connect(baseUrl: string, session: Session): Promise<Socket> {
    const socket = sockets.open(`${baseUrl}/telemetry`, { auth: { token: session.accessToken } });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    return socket;
  }

  it('should list the vehicle on the second instance too (the owner’s fleet, mirrored)', async () => {
    const robot = await waitUntil(
      'the vehicle on B',
      async () => {
        const res = await request(b.baseUrl)
          .get(`/api/robots/${id}`)
          .set(...bearer(operatorOnB));
        const body = res.body as { battery: number | null };
        return res.status === 200 && body.battery === 80 ? body : undefined;
      },
      5000,
      50,
    );
    expect(robot).toMatchObject({ source: 'mqtt', connectionState: 'ONLINE' });
  });

  it('should deliver each vehicle update once to a client of the second instance', async () => {
    const socket = await connect(b.baseUrl, operatorOnB);
    await socket.emitWithAck('subscribe', { channels: [`robot:${id}`] });
    const live: RobotMessage[] = [];
    socket.on('robot', (m: RobotMessage & { snapshot?: true }) => {
      if (!m.snapshot) live.push(m);
    });
    const before = live.length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const received = live.length - before;
    // 200 ms apart: about 10 states in 2 s; two voices would make about 20.
    expect(received).toBeGreaterThanOrEqual(5);
    expect(received).toBeLessThanOrEqual(13);
  });

  it('should stop the vehicle from the second instance and hear its answer there', async () => {
    const res = await request(b.baseUrl)
      .post(`/api/robots/${id}/stop`)
      .set(...bearer(operatorOnB));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ robotId: id, status: 'FINISHED', stopped: true });
    expect(agv.received).toHaveLength(1);
  });

  it('should raise one alert, not one per instance, when the vehicle reports an e-stop', async () => {
    agv.state.eStop = 'MANUAL';
    await waitUntil(
      'the robot_estop alert',
      async () => {
        const res = await request(a.baseUrl)
          .get('/api/alerts?kind=robot_estop')
          .set(...bearer(adminOnA));
        return (res.body as { total: number }).total >= 1;
      },
      5000,
      50,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const res = await request(a.baseUrl)
      .get('/api/alerts?kind=robot_estop')
      .set(...bearer(adminOnA));
    expect(res.body.total).toBe(1);
  });
});
