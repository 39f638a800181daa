import type { Subscription } from 'rxjs';
import request from 'supertest';
import { robotId, ROVER_ROBOT_ID } from '../src/common/robots/robot-id';
import type { RobotResponseDto } from '../src/fleet/dto/robot-response.dto';
import { FleetService } from '../src/fleet/fleet.service';
import { FLEET_BASE, offsetToLatLng } from '../src/fleet/geo';
import { TelemetryStore } from '../src/telemetry/storage/telemetry-store';
import type { TelemetrySample } from '../src/telemetry/telemetry-sample';
import { bearer, createUserAndLogin, loginAdmin, type Session } from './helpers/auth';
import { expectErrorEnvelope } from './helpers/auth-envelope';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { RoverRig, waitUntil } from './helpers/rover-rig';

const SIM_IDS = [1, 2, 3, 4, 5].map((n) => robotId('sim', String(n)));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface RobotPage {
  items: RobotResponseDto[];
  total: number;
  page: number;
  limit: number;
}

/** Collects FleetService.updates$ for `ms`, by robot id. */
async function collectUpdates(t: TestApp, ms: number): Promise<Map<string, RobotResponseDto[]>> {
  const seen = new Map<string, RobotResponseDto[]>();
  const subscription: Subscription = t.app.get(FleetService).updates$.subscribe((robot) => {
    const list = seen.get(robot.id) ?? [];
    list.push(robot);
    seen.set(robot.id, list);
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  subscription.unsubscribe();
  return seen;
}

function expectRobotShape(robot: RobotResponseDto): void {
  expect(Object.keys(robot).sort()).toEqual(
    [
      'battery',
      'cpu',
      'id',
      'kind',
      'lastUpdated',
      'link',
      'location',
      'name',
      'online',
      'ram',
      // VDA 5050 vehicles' fields (MQTT): present on every robot, empty for the others
      'source',
      'stale',
      'connectionState',
      'driving',
      'paused',
      'operatingMode',
      'errors',
      'safetyState',
      'position',
      'manufacturer',
      'serialNumber',
    ].sort(),
  );
  if (robot.source !== 'mqtt') {
    expect(robot).toMatchObject({
      stale: false,
      connectionState: null,
      driving: null,
      operatingMode: null,
      errors: [],
      safetyState: null,
      position: null,
      manufacturer: null,
      serialNumber: null,
    });
    expect(robot.source).toBe(robot.kind === 'rover' ? 'serial' : 'simulator');
  }
  expect(robot.id).toMatch(UUID_V4);
  expect(typeof robot.online).toBe('boolean');
  if (robot.lastUpdated !== null) expect(Number.isNaN(Date.parse(robot.lastUpdated))).toBe(false);
}

describe('fleet (GET /api/robots)', () => {
  let t: TestApp;
  let admin: Session;
  let operator: Session;
  let viewer: Session;

  beforeAll(async () => {
    t = await createTestApp({
      env: { FLEET_UPDATE_INTERVAL_MS: '50', THROTTLE_LIMIT: '1000000' },
    });
    admin = await loginAdmin(t.baseUrl);
    operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
  });
  afterAll(() => t.close());

  const list = (session: Session, query = '') =>
    request(t.baseUrl)
      .get(`/api/robots${query}`)
      .set(...bearer(session));

  it('should list the rover first, then the five simulated robots, in the seed shape', async () => {
    const res = await list(viewer);
    expect(res.status).toBe(200);
    const page = res.body as RobotPage;
    expect({ total: page.total, page: page.page, limit: page.limit }).toEqual({
      total: 6,
      page: 1,
      limit: 50,
    });
    expect(page.items.map((r) => r.id)).toEqual([ROVER_ROBOT_ID, ...SIM_IDS]);
    expect(page.items.map((r) => r.name)).toEqual([
      'rover',
      'sim-robot-1',
      'sim-robot-2',
      'sim-robot-3',
      'sim-robot-4',
      'sim-robot-5',
    ]);
    page.items.forEach(expectRobotShape);
    for (const robot of page.items.slice(1)) {
      expect(robot).toMatchObject({ kind: 'simulated', link: null });
      for (const value of [robot.battery, robot.cpu, robot.ram]) {
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
      }
      expect(Math.abs(robot.location!.lat - FLEET_BASE.lat)).toBeLessThan(0.01);
      expect(Math.abs(robot.location!.lng - FLEET_BASE.lng)).toBeLessThan(0.02);
    }
  });

  it('should paginate like every other list', async () => {
    const second = (await list(viewer, '?page=2&limit=4')).body as RobotPage;
    expect(second).toMatchObject({ total: 6, page: 2, limit: 4 });
    expect(second.items.map((r) => r.id)).toEqual(SIM_IDS.slice(3));
    const beyond = (await list(viewer, '?page=3&limit=4')).body as RobotPage;
    expect(beyond).toMatchObject({ items: [], total: 6, page: 3, limit: 4 });
    for (const query of ['?limit=0', '?limit=101', '?page=0', '?page=abc', '?sort=name']) {
      const res = await list(viewer, query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expectErrorEnvelope(res.body, 400, 'validation_failed');
    }
  });

  it('should answer one robot by id, 400 for a malformed id and 404 for an unknown one', async () => {
    const one = await request(t.baseUrl)
      .get(`/api/robots/${SIM_IDS[2]}`)
      .set(...bearer(viewer));
    expect(one.status).toBe(200);
    expectRobotShape(one.body as RobotResponseDto);
    expect(one.body).toMatchObject({ id: SIM_IDS[2], name: 'sim-robot-3', kind: 'simulated' });

    const upper = await request(t.baseUrl)
      .get(`/api/robots/${SIM_IDS[2].toUpperCase()}`)
      .set(...bearer(viewer));
    expect(upper.body.id).toBe(SIM_IDS[2]);

    for (const bad of ['not-a-uuid', '123', `${SIM_IDS[0]}x`]) {
      const res = await request(t.baseUrl)
        .get(`/api/robots/${bad}`)
        .set(...bearer(viewer));
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expectErrorEnvelope(res.body, 400, 'validation_failed');
    }
    const unknown = await request(t.baseUrl)
      .get(`/api/robots/${robotId('sim', '6')}`)
      .set(...bearer(viewer));
    expect(unknown.status).toBe(404);
    expectErrorEnvelope(unknown.body, 404, 'not_found');
  });

  it('should need a token (401) and give every role, all holding rover:view, the fleet', async () => {
    for (const path of ['/api/robots', `/api/robots/${SIM_IDS[0]}`]) {
      const anonymous = await request(t.baseUrl).get(path);
      expect(anonymous.status).toBe(401);
      expectErrorEnvelope(anonymous.body, 401, 'unauthorized');
      const forged = await request(t.baseUrl).get(path).set('Authorization', 'Bearer not.a.token');
      expect(forged.status).toBe(401);
      for (const session of [viewer, operator, admin]) {
        const res = await request(t.baseUrl)
          .get(path)
          .set(...bearer(session));
        expect({ path, role: session.user.role, status: res.status }).toEqual({
          path,
          role: session.user.role,
          status: 200,
        });
      }
    }
  });

  it('should show the simulated rover on the link as an online member with its battery', async () => {
    const rover = await waitUntil(
      'the rover online with telemetry',
      async () => {
        const res = await request(t.baseUrl)
          .get(`/api/robots/${ROVER_ROBOT_ID}`)
          .set(...bearer(viewer));
        const body = res.body as RobotResponseDto;
        return body.online && body.battery !== null ? body : undefined;
      },
      5000,
    );
    expect(rover).toMatchObject({
      name: 'rover',
      kind: 'rover',
      online: true,
      cpu: null,
      ram: null,
      link: { state: 'up', port: 'sim' },
    });
    expect(Number.isInteger(rover.battery)).toBe(true);
    expect(rover.location).not.toBeNull();
    expect(Date.now() - Date.parse(rover.lastUpdated!)).toBeLessThan(2000);
  });

  it('should emit every simulated robot on each interval, with time moving on', async () => {
    const seen = await collectUpdates(t, 600);
    for (const id of SIM_IDS) {
      const updates = (seen.get(id) ?? []).filter((r) => r.online);
      // 50 ms for 600 ms: about 12 ticks; allow for timer slack and the odd outage.
      expect({ id, enough: updates.length >= 6 }).toEqual({ id, enough: true });
      expect(updates.length).toBeLessThanOrEqual(14);
      const stamps = updates.map((r) => Date.parse(r.lastUpdated!));
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      expect(new Set(stamps).size).toBe(stamps.length);
    }
    // The list is the snapshot of the same state the stream carries.
    const snapshot = t.app.get(FleetService).robots();
    expect(snapshot.map((r) => r.id)).toEqual([ROVER_ROBOT_ID, ...SIM_IDS]);
  });
  it('should hand each online simulated update to telemetry storage', async () => {
    const store = t.app.get(TelemetryStore, { strict: false });
    // Calls through: the samples really go to storage as well.
    const spy = jest.spyOn(store, 'record');
    const recorded = (): TelemetrySample[] => spy.mock.calls.map(([sample]) => sample);
    let samples: TelemetrySample[];
    try {
      await waitUntil(
        'a sample of every simulated robot',
        () => SIM_IDS.every((id) => recorded().some((s) => s.robotId === id)),
        2000,
      );
      samples = recorded();
    } finally {
      spy.mockRestore();
    }
    // The rover's samples come from its own telemetry (x, y, ...), never from the fleet recorder.
    const roverSamples = samples.filter((s) => s.robotId === ROVER_ROBOT_ID);
    expect(roverSamples.every((s) => s.values.lat === null && s.values.cpu === null)).toBe(true);
    const sample = samples.find((s) => s.robotId === SIM_IDS[0])!;
    expect(Object.keys(sample.values)).toEqual(expect.arrayContaining(['battery', 'cpu', 'ram']));
    for (const field of ['battery', 'cpu', 'ram', 'lat', 'lng'] as const) {
      expect(typeof sample.values[field]).toBe('number');
    }
  });
});

describe('fleet without the simulator (FLEET_SIMULATION=false)', () => {
  let t: TestApp;
  let viewer: Session;

  beforeAll(async () => {
    t = await createTestApp({
      env: { FLEET_SIMULATION: 'false', FLEET_UPDATE_INTERVAL_MS: '50' },
    });
    viewer = await loginAdmin(t.baseUrl);
  });
  afterAll(() => t.close());

  it('should list only the rover and emit nothing for simulated robots', async () => {
    const res = await request(t.baseUrl)
      .get('/api/robots')
      .set(...bearer(viewer));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, page: 1, limit: 50 });
    expect((res.body as RobotPage).items.map((r) => r.id)).toEqual([ROVER_ROBOT_ID]);
    const seen = await collectUpdates(t, 300);
    expect([...seen.keys()].filter((id) => id !== ROVER_ROBOT_ID)).toEqual([]);
    const sim = await request(t.baseUrl)
      .get(`/api/robots/${SIM_IDS[0]}`)
      .set(...bearer(viewer));
    expect(sim.status).toBe(404);
  });
});

describe('fleet: the rover on a serial link', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start({ env: { FLEET_UPDATE_INTERVAL_MS: '100' } });
  });
  afterAll(() => rig?.close());

  const rover = async (): Promise<RobotResponseDto> => {
    const res = await request(rig.baseUrl)
      .get(`/api/robots/${ROVER_ROBOT_ID}`)
      .set(...bearer(rig.viewer));
    expect(res.status).toBe(200);
    return res.body as RobotResponseDto;
  };

  it("should report the rover's battery and place its arena position around the base", async () => {
    const member = await waitUntil(
      'rover telemetry',
      async () => {
        const r = await rover();
        return r.battery !== null ? r : undefined;
      },
      3000,
    );
    // The fake rover reports 80 % at x = 1.5 m, y = -0.25 m.
    expect(member).toMatchObject({
      online: true,
      battery: 80,
      cpu: null,
      ram: null,
      location: offsetToLatLng(FLEET_BASE, 1.5, -0.25),
      link: { state: 'up', port: rig.pty.hostPath },
    });
    rig.rover.batteryPct = 42;
    await waitUntil('the new battery level', async () => (await rover()).battery === 42, 3000);
  });

  it('should go offline when the link drops, keeping the last values, and back online', async () => {
    const updates: RobotResponseDto[] = [];
    const subscription = rig.t.app
      .get(FleetService)
      .updates$.subscribe((robot) => updates.push(robot));
    try {
      const before = await rover();
      await rig.unplug();
      const down = await waitUntil(
        'the rover offline',
        async () => {
          const r = await rover();
          return r.online ? undefined : r;
        },
        4000,
      );
      expect(down.battery).toBe(before.battery);
      expect(down.location).toEqual(before.location);
      expect(down.link?.state).not.toBe('up');
      expect(updates.some((r) => r.id === ROVER_ROBOT_ID && !r.online)).toBe(true);

      await rig.plugIn();
      await waitUntil('the rover online again', async () => (await rover()).online, 8000);
      expect(updates.filter((r) => r.id === ROVER_ROBOT_ID).at(-1)?.online).toBe(true);
    } finally {
      subscription.unsubscribe();
    }
  });
});
