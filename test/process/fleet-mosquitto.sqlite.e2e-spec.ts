import { randomBytes } from 'node:crypto';
import { connect } from 'mqtt';
import { mqttRobotId } from '../../src/fleet/vda5050/vehicle-registry';
import { FakeAgv } from '../helpers/mqtt/fake-agv';
import { describeWithMosquitto, TEST_MQTT_URL } from '../helpers/mqtt/test-mqtt';
import { type ProcessApp, requestJson, startProcessApp } from '../helpers/process-app';
import { waitUntil } from '../helpers/rover-rig';

const ADMIN_PASSWORD = 'process-admin-password-0123';

/*
 * The built service (node dist/main.js) against Debian's Mosquitto, the broker a site would run:
 * a VDA 5050 vehicle shows up, is stopped, and its broken connection arrives as Mosquitto's
 * publication of its last will. The broker is shared with whatever else runs on this machine, so
 * this run gets an interface name (the first topic level) of its own and clears its retained
 * messages afterwards.
 */
describeWithMosquitto('fleet over MQTT: the built service and Mosquitto', () => {
  const interfaceName = `rmc-test-${randomBytes(4).toString('hex')}`;
  let app: ProcessApp;
  let token: string;
  const agvs: FakeAgv[] = [];

  beforeAll(async () => {
    app = await startProcessApp({
      env: {
        ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
        FLEET_MQTT_URL: TEST_MQTT_URL,
        FLEET_MQTT_INTERFACE: interfaceName,
        FLEET_MQTT_STOP_TIMEOUT_MS: '2000',
      },
    });
    const login = await requestJson(app.baseUrl, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    token = login.body.accessToken as string;
    await waitUntil(
      'the MQTT connection in /health',
      async () => {
        const health = await requestJson(app.baseUrl, 'GET', '/health');
        const details = health.body.details as Record<string, { status: string }> | undefined;
        return details?.fleet_mqtt?.status === 'up';
      },
      10_000,
      100,
    );
  }, 40_000);

  afterAll(async () => {
    await Promise.all(agvs.map((agv) => agv.stop().catch(() => undefined)));
    await clearRetained(agvs);
    await app?.stop(3000);
  });

  it('should list a vehicle, stop it, and mark it CONNECTIONBROKEN when its link dies', async () => {
    const agv = new FakeAgv({
      brokerUrl: TEST_MQTT_URL,
      interfaceName,
      serialNumber: 'mosq-1',
      state: { batteryCharge: 63.4, x: 4, y: -2 },
    });
    agvs.push(agv);
    await agv.start();
    const id = mqttRobotId('acme', 'mosq-1');

    const listed = await waitUntil(
      'the vehicle in GET /api/robots/:id',
      async () => {
        const res = await requestJson(app.baseUrl, 'GET', `/api/robots/${id}`, { token });
        return res.status === 200 && res.body.position !== null ? res.body : undefined;
      },
      2000,
      50,
    );
    expect(listed).toMatchObject({
      name: 'mosq-1',
      source: 'mqtt',
      battery: 63,
      connectionState: 'ONLINE',
      position: { x: 4, y: -2, mapId: 'hall-1' },
    });

    const stop = await requestJson(app.baseUrl, 'POST', `/api/robots/${id}/stop`, { token });
    expect(stop.status).toBe(200);
    expect(stop.body).toMatchObject({ status: 'FINISHED', stopped: true });
    expect(agv.received).toHaveLength(1);

    agv.dropConnection();
    const broken = await waitUntil(
      'CONNECTIONBROKEN from the last will',
      async () => {
        const res = await requestJson(app.baseUrl, 'GET', `/api/robots/${id}`, { token });
        return res.body.connectionState === 'CONNECTIONBROKEN' ? res.body : undefined;
      },
      5000,
      50,
    );
    expect(broken.online).toBe(false);
    const alerts = await requestJson(
      app.baseUrl,
      'GET',
      '/api/alerts?kind=robot_connection_broken',
      {
        token,
      },
    );
    expect(alerts.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'robot_connection_broken' })]),
    );
  }, 30_000);
});

/** Empty retained payloads delete what the vehicles left on the shared broker. */
async function clearRetained(agvs: readonly FakeAgv[]): Promise<void> {
  if (agvs.length === 0) return;
  const client = connect(TEST_MQTT_URL, { reconnectPeriod: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    for (const agv of agvs)
      await client.publishAsync(agv.topic('connection'), '', { qos: 1, retain: true });
  } finally {
    await client.endAsync(true);
  }
}
