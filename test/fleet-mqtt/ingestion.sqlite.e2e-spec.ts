import request from 'supertest';
import { robotId, ROVER_ROBOT_ID } from '../../src/common/robots/robot-id';
import { FLEET_BASE, offsetToLatLng } from '../../src/fleet/geo';
import { mqttRobotId } from '../../src/fleet/vda5050/vehicle-registry';
import { bearer, createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { TestBroker } from '../helpers/mqtt/broker';
import type { FakeAgv, FakeAgvOptions } from '../helpers/mqtt/fake-agv';
import { waitUntil } from '../helpers/rover-rig';
import { SocketClients } from '../helpers/socket-client';
import {
  AgvPool,
  alertsAbout,
  allAlertsAbout,
  disconnectCleanly,
  getRobot,
  health,
  healthDetails,
  listRobots,
  metricValue,
  type Robot,
  sleep,
  subscribe,
  waitForMetric,
  waitForMqttSession,
  waitForRetained,
  waitForRobot,
} from './ingestion-helpers';

const SIM_IDS = [1, 2, 3, 4, 5].map((n) => robotId('sim', String(n)));
const INVALID = 'fleet_mqtt_invalid_messages_total';

/** The robot JSON a vehicle's current FakeAgv state must produce (API.md §6). */
function robotOf(agv: FakeAgv, overrides: Partial<Robot> = {}): Robot {
  const s = agv.state;
  return {
    id: mqttRobotId(agv.manufacturer, agv.serialNumber),
    name: agv.serialNumber,
    kind: 'mqtt',
    source: 'mqtt',
    online: true,
    battery: Math.round(s.batteryCharge),
    cpu: null,
    ram: null,
    lastUpdated: expect.any(String),
    location: offsetToLatLng(FLEET_BASE, s.x, s.y),
    link: null,
    stale: false,
    connectionState: 'ONLINE',
    driving: s.driving,
    paused: s.paused,
    operatingMode: s.operatingMode,
    errors: s.errors.map((e) => ({
      type: e.errorType,
      level: e.errorLevel,
      description: e.errorDescription ?? null,
    })),
    safetyState: { eStop: s.eStop, fieldViolation: s.fieldViolation },
    position: { x: s.x, y: s.y, theta: s.theta, mapId: s.mapId },
    manufacturer: agv.manufacturer,
    serialNumber: agv.serialNumber,
    ...overrides,
  };
}

const idOf = (agv: FakeAgv): string => mqttRobotId(agv.manufacturer, agv.serialNumber);

describe('fleet over MQTT: VDA 5050 ingestion (e2e, real broker)', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await TestBroker.start();
  });
  afterAll(() => broker?.stop());

  describe('one app on the broker (FLEET_MQTT_STALE_MS=60000)', () => {
    let t: TestApp;
    let viewer: Session;
    const agvs = new AgvPool();
    const clients = new SocketClients();

    beforeAll(async () => {
      t = await createTestApp({
        env: {
          FLEET_MQTT_URL: broker.url,
          FLEET_MQTT_CLIENT_ID: 'rmc-ingestion-e2e',
          FLEET_MQTT_STALE_MS: '60000',
          THROTTLE_LIMIT: '1000000',
          METRICS_THROTTLE_LIMIT: '100000',
        },
      });
      const admin = await loginAdmin(t.baseUrl);
      viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      await waitForMqttSession(t.baseUrl, 5000);
    });
    afterEach(() => clients.closeAll());
    afterAll(async () => {
      clients.closeAll();
      await agvs.stopAll();
      await t?.close();
    });

    const start = (
      serialNumber: string,
      options: Omit<FakeAgvOptions, 'brokerUrl' | 'serialNumber'> = {},
    ) => agvs.start({ brokerUrl: broker.url, serialNumber, ...options });

    it('should list a 1 Hz vehicle within 2 s on REST, fleet and robot:<id>, beside the rover and the simulated robots', async () => {
      const serial = 'agv-list-1';
      const id = mqttRobotId('acme', serial);
      const sub = await subscribe(clients, t.baseUrl, viewer, ['fleet', `robot:${id}`]);
      const startedAt = Date.now();
      const agv = await start(serial, {
        state: { batteryCharge: 76.6, x: 12.5, y: -3.2, theta: 1.57, mapId: 'hall-1' },
      });
      const expected = robotOf(agv);
      // Literal values, not only what robotOf derives: 76.6 % is reported as 77.
      expect(expected).toMatchObject({ battery: 77, driving: true, operatingMode: 'AUTOMATIC' });

      const isExpected = (r: Robot) => r.connectionState === 'ONLINE' && r.battery === 77;
      const rest = await waitForRobot(
        t.baseUrl,
        viewer,
        id,
        'the vehicle on REST',
        isExpected,
        2000,
      );
      const onRobot = await sub.robot.waitFor('the vehicle on robot:<id>', isExpected, 2000);
      const onFleet = await sub.fleet.waitFor(
        'the vehicle on fleet',
        (r) => r.id === id && isExpected(r),
        2000,
      );
      expect(Date.now() - startedAt).toBeLessThan(2500);

      expect(rest).toEqual(expected);
      expect(onRobot.data).toEqual(expected);
      expect(onRobot.type).toBe('robot');
      expect(onFleet.data).toEqual(expected);
      expect(onFleet.type).toBe('fleet');
      expect(rest.location).toEqual({
        lat: expect.closeTo(FLEET_BASE.lat - 3.2 / 111_320, 6) as number,
        lng: expect.closeTo(
          13.404954 + 12.5 / (111_320 * Math.cos((52.520008 * Math.PI) / 180)),
          7,
        ) as number,
      });
      expect(Math.abs(Date.now() - Date.parse(rest.lastUpdated!))).toBeLessThan(3000);

      const page = await listRobots(t.baseUrl, viewer);
      const ids = page.items.map((r) => r.id);
      expect(ids.slice(0, 6)).toEqual([ROVER_ROBOT_ID, ...SIM_IDS]);
      expect(ids).toContain(id);
      expect(page.total).toBe(page.items.length);
      expect(page.items.find((r) => r.id === id)).toEqual(expected);
      expect(page.items.find((r) => r.id === ROVER_ROBOT_ID)).toMatchObject({
        kind: 'rover',
        source: 'serial',
      });
      for (const simId of SIM_IDS)
        expect(page.items.find((r) => r.id === simId)).toMatchObject({
          kind: 'simulated',
          source: 'simulator',
        });

      // 1 Hz: a changed value arrives with the next periodic state, on REST and the socket.
      agv.state.batteryCharge = 41.2;
      agv.state.x = -4;
      const moved = await waitForRobot(
        t.baseUrl,
        viewer,
        id,
        'the next periodic state',
        (r) => r.battery === 41,
        2500,
      );
      expect(moved).toEqual(robotOf(agv));
      expect(moved.location).toEqual(offsetToLatLng(FLEET_BASE, -4, -3.2));
      await sub.robot.waitFor('the next state on robot:<id>', (r) => r.battery === 41, 1000);

      // A client that subscribes now gets the vehicle in the snapshots of fleet and robot:<id>.
      const late = await subscribe(clients, t.baseUrl, viewer, ['fleet', `robot:${id}`]);
      await waitUntil('the snapshots', () => late.robot.messages.length > 0, 1000);
      const snapshot = late.robot.messages[0];
      expect(snapshot).toMatchObject({ type: 'robot', snapshot: true });
      expect(snapshot.data).toEqual(robotOf(agv));
      const fleetSnapshot = late.fleet.messages.filter((m) => m.snapshot);
      expect(fleetSnapshot.map((m) => m.data.id)).toEqual(
        expect.arrayContaining([ROVER_ROBOT_ID, ...SIM_IDS, id]),
      );
      expect(fleetSnapshot.find((m) => m.data.id === id)?.data).toEqual(robotOf(agv));
      expect(sub.robot.live().every((m) => m.data.id === id)).toBe(true);
      await agv.stop();
    });

    it('should answer 404 for a vehicle never heard of', async () => {
      const res = await request(t.baseUrl)
        .get(`/api/robots/${mqttRobotId('acme', 'never-heard-of')}`)
        .set(...bearer(viewer));
      expect(res.status).toBe(404);
    });

    describe('connection', () => {
      it('should show CONNECTIONBROKEN (the last will) offline on REST and robot:<id>, and raise one alert', async () => {
        const serial = 'agv-drop-1';
        const id = mqttRobotId('acme', serial);
        const sub = await subscribe(clients, t.baseUrl, viewer, [`robot:${id}`, 'alerts']);
        const agv = await start(serial, { state: { batteryCharge: 64 } });
        const online = await waitForRobot(t.baseUrl, viewer, id, 'online', (r) => r.online, 2000);
        expect(online.connectionState).toBe('ONLINE');

        agv.dropConnection();
        const broken = await waitForRobot(
          t.baseUrl,
          viewer,
          id,
          'CONNECTIONBROKEN',
          (r) => r.connectionState === 'CONNECTIONBROKEN',
          3000,
        );
        // The last values stay; only the connection and online change.
        expect(broken).toEqual(
          robotOf(agv, {
            connectionState: 'CONNECTIONBROKEN',
            online: false,
            lastUpdated: broken.lastUpdated,
          }),
        );
        const update = await sub.robot.waitFor(
          'CONNECTIONBROKEN on robot:<id>',
          (r) => r.connectionState === 'CONNECTIONBROKEN',
          2000,
        );
        expect(update.data).toMatchObject({ id, online: false, battery: 64 });

        const live = await sub.alerts.waitFor(
          'robot_connection_broken on alerts',
          (a) => a.kind === 'robot_connection_broken' && a.details.robotId === id,
          2000,
        );
        expect(live.type).toBe('alert');
        expect(live.data).toMatchObject({
          severity: 'critical',
          details: { robotId: id, manufacturer: 'acme', serialNumber: serial },
        });
        const stored = await waitUntil(
          'the stored alert',
          async () => {
            const found = await alertsAbout(t.baseUrl, viewer, 'robot_connection_broken', id);
            return found.length > 0 ? found : undefined;
          },
          2000,
        );
        expect(stored).toHaveLength(1);
        expect(stored[0]).toEqual(live.data);
      });

      it('should show an orderly OFFLINE offline, with no alert, also after a clean disconnect', async () => {
        const serial = 'agv-offline-1';
        const id = mqttRobotId('acme', serial);
        const sub = await subscribe(clients, t.baseUrl, viewer, [`robot:${id}`, 'alerts']);
        const agv = await start(serial, { stateEveryMs: 0 });
        await waitForRobot(t.baseUrl, viewer, id, 'online', (r) => r.online, 2000);

        await agv.publishConnection('OFFLINE');
        const offline = await waitForRobot(
          t.baseUrl,
          viewer,
          id,
          'OFFLINE',
          (r) => r.connectionState === 'OFFLINE',
          2000,
        );
        expect(offline).toEqual(
          robotOf(agv, {
            connectionState: 'OFFLINE',
            online: false,
            lastUpdated: offline.lastUpdated,
          }),
        );
        await sub.robot.waitFor(
          'OFFLINE on robot:<id>',
          (r) => r.connectionState === 'OFFLINE' && !r.online,
          2000,
        );

        await disconnectCleanly(agv);
        await sleep(700);
        expect((await getRobot(t.baseUrl, viewer, id)).connectionState).toBe('OFFLINE');
        expect(sub.alerts.live().filter((m) => m.data.details.robotId === id)).toEqual([]);
        expect(await allAlertsAbout(t.baseUrl, viewer, id)).toEqual([]);
      });
    });

    describe('invalid messages are dropped, counted and change nothing', () => {
      let agv: FakeAgv;
      let id: string;

      beforeAll(async () => {
        agv = await start('agv-invalid-1', {
          stateEveryMs: 0,
          state: { batteryCharge: 70, x: 2, y: 3 },
        });
        id = idOf(agv);
        await waitForRobot(t.baseUrl, viewer, id, 'online', (r) => r.battery === 70, 2000);
      });

      /** A valid state with `battery`, applied before the case runs. */
      async function applyValidState(battery: number): Promise<number> {
        agv.state.batteryCharge = battery;
        const message = agv.stateMessage();
        await agv.publishRaw(agv.topic('state'), JSON.stringify(message));
        await waitForRobot(
          t.baseUrl,
          viewer,
          id,
          `battery ${battery}`,
          (r) => r.battery === battery,
          2000,
        );
        return message.headerId as number;
      }

      /** An otherwise valid state that would move the robot and empty its battery. */
      const tempting = (): Record<string, unknown> => ({
        ...agv.stateMessage(),
        batteryState: { batteryCharge: 3, charging: true },
        agvPosition: { x: 40, y: 40, theta: 3, mapId: 'elsewhere', positionInitialized: true },
        driving: false,
      });

      interface InvalidCase {
        name: string;
        topic: 'state' | 'connection' | 'other';
        reason: string;
        /** Published before the robot is read as "before". */
        prepare?: () => Promise<number>;
        send: (lastHeaderId: number) => Promise<void>;
        /** Robots that must not appear because of it. */
        notCreated?: string[];
      }

      const cases: InvalidCase[] = [
        {
          name: 'a state without batteryState',
          topic: 'state',
          reason: 'schema',
          send: () => {
            const message = tempting();
            delete message.batteryState;
            return agv.publishRaw(agv.topic('state'), JSON.stringify(message));
          },
        },
        {
          name: 'a state whose batteryCharge is a string',
          topic: 'state',
          reason: 'schema',
          send: () =>
            agv.publishRaw(
              agv.topic('state'),
              JSON.stringify({
                ...tempting(),
                batteryState: { batteryCharge: '3', charging: false },
              }),
            ),
        },
        {
          name: 'a 1 MB state (valid JSON otherwise)',
          topic: 'state',
          reason: 'too_large',
          send: () =>
            agv.publishRaw(
              agv.topic('state'),
              JSON.stringify({ ...tempting(), padding: 'x'.repeat(1024 * 1024) }),
            ),
        },
        {
          name: 'a state naming another serialNumber than its topic',
          topic: 'state',
          reason: 'identity_mismatch',
          notCreated: [mqttRobotId('acme', 'someone-else')],
          send: () =>
            agv.publishRaw(
              agv.topic('state'),
              JSON.stringify({ ...tempting(), serialNumber: 'someone-else' }),
            ),
        },
        {
          name: 'a state naming another manufacturer than its topic',
          topic: 'state',
          reason: 'identity_mismatch',
          notCreated: [mqttRobotId('other-maker', 'agv-invalid-1')],
          send: () =>
            agv.publishRaw(
              agv.topic('state'),
              JSON.stringify({ ...tempting(), manufacturer: 'other-maker' }),
            ),
        },
        {
          name: 'a state whose headerId goes backwards (the vehicle is not stale)',
          topic: 'state',
          reason: 'header_id_backwards',
          prepare: () => applyValidState(66),
          send: (last) =>
            agv.publishRaw(
              agv.topic('state'),
              JSON.stringify({ ...tempting(), headerId: last - 1 }),
            ),
        },
        {
          name: 'a state repeating the last headerId',
          topic: 'state',
          reason: 'header_id_backwards',
          prepare: () => applyValidState(67),
          send: (last) =>
            agv.publishRaw(agv.topic('state'), JSON.stringify({ ...tempting(), headerId: last })),
        },
        {
          name: 'a connection OFFLINE with an old headerId',
          topic: 'connection',
          reason: 'header_id_backwards',
          send: () =>
            agv.publishRaw(
              agv.topic('connection'),
              JSON.stringify({
                ...agv.header('connection'),
                headerId: 0,
                connectionState: 'OFFLINE',
              }),
              { qos: 1 },
            ),
        },
        {
          name: 'a state that is not JSON',
          topic: 'state',
          reason: 'not_json',
          send: () => agv.publishRaw(agv.topic('state'), '{"headerId": 99, "batteryState": '),
        },
        {
          name: 'a state of version 1.1.0',
          topic: 'state',
          reason: 'version',
          send: () =>
            agv.publishRaw(agv.topic('state'), JSON.stringify({ ...tempting(), version: '1.1.0' })),
        },
        {
          name: 'a first message from an unknown vehicle that does not validate',
          topic: 'state',
          reason: 'schema',
          notCreated: [mqttRobotId('acme', 'ghost-1')],
          send: () =>
            agv.publishRaw(
              'uagv/v2/acme/ghost-1/state',
              JSON.stringify({ ...tempting(), serialNumber: 'ghost-1', errors: 'none' }),
            ),
        },
        {
          name: 'a state on a topic whose serial number is not one',
          topic: 'other',
          reason: 'bad_topic',
          send: () => agv.publishRaw('uagv/v2/acme/bad$serial/state', JSON.stringify(tempting())),
        },
      ];

      it.each(cases)('should drop $name as $topic/$reason', async (c) => {
        const last = c.prepare ? await c.prepare() : 0;
        const labels = { topic: c.topic, reason: c.reason };
        const countBefore = await metricValue(t.baseUrl, INVALID, labels);
        const totalBefore = await metricValue(t.baseUrl, INVALID);
        const robotBefore = await getRobot(t.baseUrl, viewer, id);
        const idsBefore = (await listRobots(t.baseUrl, viewer)).items.map((r) => r.id);

        await c.send(last);
        await waitForMetric(t.baseUrl, INVALID, labels, (v) => v >= countBefore + 1, 3000);

        // Exactly one drop, and under that reason only.
        expect(await metricValue(t.baseUrl, INVALID, labels)).toBe(countBefore + 1);
        expect(await metricValue(t.baseUrl, INVALID)).toBe(totalBefore + 1);
        expect(await getRobot(t.baseUrl, viewer, id)).toEqual(robotBefore);
        const idsAfter = (await listRobots(t.baseUrl, viewer)).items.map((r) => r.id);
        expect(idsAfter).toEqual(idsBefore);
        for (const ghost of c.notCreated ?? []) expect(idsAfter).not.toContain(ghost);
      });

      it('should keep serving, and apply the next valid state, after all of them', async () => {
        const res = await health(t.baseUrl);
        expect(res.status).toBe(200);
        expect(res.body.details.fleet_mqtt).toMatchObject({ status: 'up', connected: true });
        agv.state.batteryCharge = 12;
        agv.state.x = -1;
        await agv.publishState();
        const robot = await waitForRobot(
          t.baseUrl,
          viewer,
          id,
          'battery 12',
          (r) => r.battery === 12,
          2000,
        );
        expect(robot).toEqual(robotOf(agv));
        expect(
          await metricValue(t.baseUrl, 'fleet_mqtt_messages_total', { topic: 'state' }),
        ).toBeGreaterThan(cases.length);
      });
    });

    describe('alerts from what a vehicle reports', () => {
      it('should raise robot_fatal_error once for a FATAL error, not for a WARNING, not again while it lasts', async () => {
        const sub = await subscribe(clients, t.baseUrl, viewer, ['alerts']);
        const agv = await start('agv-fatal-1', { stateEveryMs: 0 });
        const id = idOf(agv);
        await waitForRobot(t.baseUrl, viewer, id, 'online', (r) => r.online, 2000);

        agv.state.errors = [
          {
            errorType: 'driveMotorFault',
            errorLevel: 'FATAL',
            errorDescription: 'left motor overcurrent',
          },
          { errorType: 'laserScannerDirty', errorLevel: 'WARNING' },
        ];
        await agv.publishState();
        const robot = await waitForRobot(
          t.baseUrl,
          viewer,
          id,
          'the errors',
          (r) => r.errors.length === 2,
          2000,
        );
        expect(robot.errors).toEqual([
          { type: 'driveMotorFault', level: 'FATAL', description: 'left motor overcurrent' },
          { type: 'laserScannerDirty', level: 'WARNING', description: null },
        ]);
        const live = await sub.alerts.waitFor(
          'robot_fatal_error on alerts',
          (a) => a.kind === 'robot_fatal_error' && a.details.robotId === id,
          2000,
        );
        expect(live.data).toMatchObject({
          severity: 'critical',
          details: {
            robotId: id,
            errorType: 'driveMotorFault',
            description: 'left motor overcurrent',
          },
        });

        // The same state again, then one more (so the repeat was surely handled before it).
        await agv.publishState();
        agv.state.batteryCharge = 55;
        await agv.publishState();
        await waitForRobot(t.baseUrl, viewer, id, 'battery 55', (r) => r.battery === 55, 2000);
        await sleep(300);
        const fatal = await waitUntil(
          'the stored alert',
          async () => {
            const found = await alertsAbout(t.baseUrl, viewer, 'robot_fatal_error', id);
            return found.length > 0 ? found : undefined;
          },
          2000,
        );
        expect(fatal).toHaveLength(1);
        expect(sub.alerts.live().filter((m) => m.data.details.robotId === id)).toHaveLength(1);
        expect((await allAlertsAbout(t.baseUrl, viewer, id)).map((a) => a.kind)).toEqual([
          'robot_fatal_error',
        ]);
      });

      it('should raise robot_estop once when eStop leaves NONE, not again while it stays MANUAL', async () => {
        const sub = await subscribe(clients, t.baseUrl, viewer, ['alerts']);
        const agv = await start('agv-estop-1', { stateEveryMs: 0 });
        const id = idOf(agv);
        await waitForRobot(t.baseUrl, viewer, id, 'online', (r) => r.online, 2000);
        expect((await allAlertsAbout(t.baseUrl, viewer, id)).length).toBe(0);

        agv.state.eStop = 'MANUAL';
        agv.state.driving = false;
        await agv.publishState();
        const robot = await waitForRobot(
          t.baseUrl,
          viewer,
          id,
          'eStop MANUAL',
          (r) => r.safetyState?.eStop === 'MANUAL',
          2000,
        );
        expect(robot).toEqual(robotOf(agv));
        const live = await sub.alerts.waitFor(
          'robot_estop on alerts',
          (a) => a.kind === 'robot_estop' && a.details.robotId === id,
          2000,
        );
        expect(live.data).toMatchObject({
          severity: 'critical',
          details: { robotId: id, eStop: 'MANUAL' },
        });

        await agv.publishState();
        agv.state.batteryCharge = 44;
        await agv.publishState();
        await waitForRobot(t.baseUrl, viewer, id, 'battery 44', (r) => r.battery === 44, 2000);
        await sleep(300);
        const stored = await waitUntil(
          'the stored alert',
          async () => {
            const found = await alertsAbout(t.baseUrl, viewer, 'robot_estop', id);
            return found.length > 0 ? found : undefined;
          },
          2000,
        );
        expect(stored).toHaveLength(1);
        expect(sub.alerts.live().filter((m) => m.data.details.robotId === id)).toHaveLength(1);
      });
    });

    // Last in this app: it takes the broker away and brings it back.
    it('should report the broker down in /health (not /health/ready), reconnect when it is back, and show a restarted vehicle', async () => {
      const serial = 'agv-restart-1';
      const id = mqttRobotId('acme', serial);
      const first = await start(serial, { state: { batteryCharge: 90, x: 3, y: 4 } });
      await waitForRobot(t.baseUrl, viewer, id, 'online', (r) => r.battery === 90, 2000);
      const reconnectsBefore = await metricValue(t.baseUrl, 'fleet_mqtt_reconnects_total');

      await broker.stop();
      let brokerUp = false;
      try {
        const down = await waitUntil(
          'fleet_mqtt down',
          async () => {
            const details = await healthDetails(t);
            return details.fleet_mqtt?.status === 'down' ? details.fleet_mqtt : undefined;
          },
          3000,
          25,
        );
        expect(down).toMatchObject({ status: 'down', connected: false, broker: broker.url });
        const unhealthy = await health(t.baseUrl);
        expect(unhealthy.status).toBe(503);
        // Over HTTP too: the envelope names the failing check and carries every check's state.
        expect(unhealthy.body).toMatchObject({
          error: 'service_unavailable',
          message: expect.stringContaining('fleet_mqtt') as unknown,
          checks: { fleet_mqtt: { status: 'down', connected: false }, database: { status: 'up' } },
        });
        expect((await request(t.baseUrl).get('/health/ready')).status).toBe(200);
        // The rest of the service is unaffected, and the vehicle keeps its last values.
        expect((await getRobot(t.baseUrl, viewer, id)).battery).toBe(90);
        await first.stop();

        const restartedAt = Date.now();
        await broker.start();
        brokerUp = true;
        const up = await waitUntil(
          'fleet_mqtt up again',
          async () => {
            const res = await health(t.baseUrl);
            return res.body.details?.fleet_mqtt?.status === 'up' ? res : undefined;
          },
          5000,
          25,
        );
        expect(Date.now() - restartedAt).toBeLessThan(5000);
        expect(up.status).toBe(200);
        // /metrics is rendered at most once a second: wait for a rendering after the reconnect.
        await waitForMetric(
          t.baseUrl,
          'fleet_mqtt_reconnects_total',
          {},
          (v) => v === reconnectsBefore + 1,
          3000,
        );
        // Set once the subscriptions are acknowledged, a moment after the counter moved.
        await waitForMetric(t.baseUrl, 'fleet_mqtt_connected', {}, (v) => v === 1, 3000);
      } finally {
        // Whatever failed above, the next describe needs the broker.
        if (!brokerUp) await broker.start();
      }

      // The vehicle comes back too, its headerIds counting from 0 again.
      const second = await start(serial, { state: { batteryCharge: 33, x: 7, y: -1, theta: 0.5 } });
      const fresh = await waitForRobot(
        t.baseUrl,
        viewer,
        id,
        'the restarted vehicle',
        (r) => r.battery === 33,
        3000,
      );
      expect(fresh).toEqual(robotOf(second));
      const ids = (await listRobots(t.baseUrl, viewer)).items.map((r) => r.id);
      expect(ids.filter((x) => x === id)).toHaveLength(1);
    });
  });

  describe('staleness (FLEET_MQTT_STALE_MS=1000)', () => {
    let t: TestApp;
    let viewer: Session;
    const agvs = new AgvPool();
    const clients = new SocketClients();

    let brokeBeforeBoot: FakeAgv;

    beforeAll(async () => {
      // A vehicle whose connection broke before this app ever ran: the broker keeps its last will.
      brokeBeforeBoot = await agvs.start({
        brokerUrl: broker.url,
        serialNumber: 'agv-broke-before-boot',
        stateEveryMs: 0,
      });
      brokeBeforeBoot.dropConnection();
      await waitForRetained(
        broker.url,
        brokeBeforeBoot.topic('connection'),
        (m) => m.connectionState === 'CONNECTIONBROKEN',
        3000,
      );
      t = await createTestApp({
        env: {
          FLEET_MQTT_URL: broker.url,
          FLEET_MQTT_CLIENT_ID: 'rmc-ingestion-stale-e2e',
          FLEET_MQTT_STALE_MS: '1000',
          THROTTLE_LIMIT: '1000000',
          METRICS_THROTTLE_LIMIT: '100000',
        },
      });
      viewer = await loginAdmin(t.baseUrl);
      await waitForMqttSession(t.baseUrl, 5000);
    });
    afterAll(async () => {
      clients.closeAll();
      await agvs.stopAll();
      await t?.close();
    });

    it('should mark a silent vehicle stale and offline within ~3 s, keep its values, and bring it back on the next state', async () => {
      const agv = await agvs.start({
        brokerUrl: broker.url,
        serialNumber: 'agv-stale-1',
        stateEveryMs: 0,
        state: { batteryCharge: 58, x: -2, y: 5 },
      });
      const lastStateAt = Date.now();
      const id = idOf(agv);
      const sub = await subscribe(clients, t.baseUrl, viewer, [`robot:${id}`]);
      const fresh = await waitForRobot(t.baseUrl, viewer, id, 'online', (r) => r.online, 2000);
      expect(fresh).toEqual(robotOf(agv));
      if (Date.now() - lastStateAt < 800) expect(fresh.stale).toBe(false);

      const stale = await waitForRobot(t.baseUrl, viewer, id, 'stale', (r) => r.stale, 3000);
      const staleAfter = Date.now() - lastStateAt;
      expect(staleAfter).toBeGreaterThanOrEqual(900);
      expect(staleAfter).toBeLessThan(3200);
      expect(stale).toEqual(
        robotOf(agv, { stale: true, online: false, lastUpdated: fresh.lastUpdated }),
      );
      const update = await sub.robot.waitFor('stale on robot:<id>', (r) => r.stale, 1500);
      expect(update.data).toMatchObject({ id, online: false, battery: 58 });
      // The gauges agree with the list (the broker may hold retained connection messages of
      // vehicles from earlier tests, which this app lists too).
      const mqttRobots = (await listRobots(t.baseUrl, viewer)).items.filter(
        (r) => r.kind === 'mqtt',
      );
      const onlineNow = mqttRobots.filter((r) => r.online).length;
      expect(mqttRobots.find((r) => r.id === id)?.online).toBe(false);
      await waitForMetric(
        t.baseUrl,
        'fleet_mqtt_robots',
        { state: 'offline' },
        (v) => v === mqttRobots.length - onlineNow,
        2500,
      );
      expect(await metricValue(t.baseUrl, 'fleet_mqtt_robots', { state: 'online' })).toBe(
        onlineNow,
      );

      // After the staleness window a vehicle may count its headerIds again (it restarted):
      // headerId 0, not above the last one, is taken as a new session.
      agv.state.batteryCharge = 59;
      await agv.publishRaw(
        agv.topic('state'),
        JSON.stringify({ ...agv.stateMessage(), headerId: 0 }),
      );
      const back = await waitForRobot(t.baseUrl, viewer, id, 'back', (r) => !r.stale, 2000);
      expect(back).toEqual(robotOf(agv));
      await sub.robot.waitFor(
        'back on robot:<id>',
        (r) => !r.stale && r.online && r.battery === 59,
        1500,
      );
    });

    // A retained last will tells a booting service how a vehicle stands, not that it just broke:
    // every boot (and every instance that starts) would otherwise alert, and store, an old break.
    it('should list a vehicle whose retained last will says CONNECTIONBROKEN, without raising an alert for it at boot', async () => {
      const id = idOf(brokeBeforeBoot);
      const robot = await waitForRobot(t.baseUrl, viewer, id, 'listed', () => true, 2000);
      expect(robot).toMatchObject({
        id,
        kind: 'mqtt',
        connectionState: 'CONNECTIONBROKEN',
        online: false,
        battery: null,
        position: null,
      });
      await sleep(500);
      expect(await allAlertsAbout(t.baseUrl, viewer, id)).toEqual([]);
    });
  });

  describe('without FLEET_MQTT_URL', () => {
    let t: TestApp;
    let viewer: Session;

    beforeAll(async () => {
      t = await createTestApp({ env: { THROTTLE_LIMIT: '1000000' } });
      viewer = await loginAdmin(t.baseUrl);
    });
    afterAll(() => t?.close());

    it('should have no fleet_mqtt in /health and list the rover and the simulated robots only', async () => {
      const details = await healthDetails(t);
      expect(details).toHaveProperty('database');
      expect(details).not.toHaveProperty('fleet_mqtt');
      // Right after boot the rover's (simulated) link may still be coming up: /health waits for it.
      const res = await waitUntil(
        '/health 200',
        async () => {
          const r = await health(t.baseUrl);
          return r.status === 200 ? r : undefined;
        },
        5000,
        50,
      );
      expect(res.body.details).not.toHaveProperty('fleet_mqtt');

      const page = await listRobots(t.baseUrl, viewer);
      expect(page.total).toBe(6);
      expect(page.items.map((r) => r.id)).toEqual([ROVER_ROBOT_ID, ...SIM_IDS]);
      expect(page.items.map((r) => r.source)).toEqual([
        'serial',
        ...SIM_IDS.map(() => 'simulator'),
      ]);
      expect(page.items.filter((r) => r.kind === 'mqtt')).toEqual([]);
    });
  });
});
