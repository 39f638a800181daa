import type { Subscription } from 'rxjs';
import request from 'supertest';
import { robotId } from '../src/common/robots/robot-id';
import { RuntimeSettings, type Settings } from '../src/common/runtime/runtime-settings';
import { FleetService } from '../src/fleet/fleet.service';
import { RUNTIME_CONFIG_POLL_MS } from '../src/system/runtime-config/runtime-config.service';
import { bearer, createUserAndLogin, loginAdmin, type Session } from './helpers/auth';
import { detailFields, expectErrorEnvelope } from './helpers/auth-envelope';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { waitUntil } from './helpers/rover-rig';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

interface ConfigBody extends Settings {
  defaults: Settings;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

interface AuditBody {
  total: number;
  items: {
    actor: string;
    action: string;
    outcome: string;
    details: { version: number; requested: object; changes: object };
  }[];
}

const SIM_1 = robotId('sim', '1');

function api(t: TestApp) {
  return {
    get: (session: Session) =>
      request(t.baseUrl)
        .get('/api/config')
        .set(...bearer(session)),
    patch: (session: Session, body: unknown, ifMatch?: string) => {
      const req = request(t.baseUrl)
        .patch('/api/config')
        .set(...bearer(session));
      if (ifMatch !== undefined) req.set('If-Match', ifMatch);
      return typeof body === 'string'
        ? req.set('Content-Type', 'application/json').send(body)
        : req.send(body as object);
    },
    audit: async (admin: Session): Promise<AuditBody> => {
      const res = await request(t.baseUrl)
        .get('/api/audit?action=config_changed&limit=100')
        .set(...bearer(admin));
      expect(res.status).toBe(200);
      return res.body as AuditBody;
    },
  };
}

/** How many updates of simulated robot 1 the fleet emits in `ms`. */
async function sim1UpdatesIn(t: TestApp, ms: number): Promise<number> {
  let count = 0;
  const subscription: Subscription = t.app
    .get(FleetService)
    .updates$.subscribe((robot) => (robot.id === SIM_1 ? count++ : undefined));
  await new Promise((resolve) => setTimeout(resolve, ms));
  subscription.unsubscribe();
  return count;
}

describe('runtime config (GET/PATCH /api/config)', () => {
  let t: TestApp;
  let admin: Session;
  let operator: Session;
  let viewer: Session;
  let config: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        FLEET_UPDATE_INTERVAL_MS: '2000',
        DEADMAN_TIMEOUT_MS: '1200',
        THROTTLE_LIMIT: '100000',
      },
    });
    config = api(t);
    admin = await loginAdmin(t.baseUrl);
    operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
  });
  afterAll(() => t.close());

  it('should show an admin the settings in force, their env defaults and an ETag', async () => {
    const res = await config.get(admin);
    expect(res.status).toBe(200);
    const defaults = {
      telemetryRateHz: 10,
      fleetUpdateIntervalMs: 2000,
      deadmanTimeoutMs: 1200,
      defaultRateLimit: 100000,
    };
    expect(res.body).toEqual({
      ...defaults,
      defaults,
      version: 0,
      updatedAt: null,
      updatedBy: null,
    });
    expect(res.headers.etag).toBe('"config.0"');
  });

  it('should describe GET and PATCH /api/config and GET /api/robots in the OpenAPI document', async () => {
    const doc = (await request(t.baseUrl).get('/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths['/api/config'] ?? {}).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(doc.paths['/api/robots'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/robots/{id}'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.components.schemas.UpdateRuntimeConfigDto.properties ?? {})).toEqual([
      'telemetryRateHz',
      'fleetUpdateIntervalMs',
      'deadmanTimeoutMs',
      'defaultRateLimit',
    ]);
    expect(doc.components.schemas.RobotResponseDto.properties).toHaveProperty('location');
  });

  it('should refuse operators and viewers (403) and anonymous callers (401)', async () => {
    for (const session of [operator, viewer]) {
      const read = await config.get(session);
      expect(read.status).toBe(403);
      expectErrorEnvelope(read.body, 403, 'forbidden');
      const write = await config.patch(session, { telemetryRateHz: 20 });
      expect(write.status).toBe(403);
      expectErrorEnvelope(write.body, 403, 'forbidden');
    }
    expect((await request(t.baseUrl).get('/api/config')).status).toBe(401);
    expect(
      (await request(t.baseUrl).patch('/api/config').send({ telemetryRateHz: 20 })).status,
    ).toBe(401);
    expect((await config.get(admin)).body.version).toBe(0);
  });

  it('should refuse bad values with 400 and details, changing nothing', async () => {
    const before = (await config.get(admin)).body as ConfigBody;
    const auditBefore = (await config.audit(admin)).total;
    const bad: [unknown, string[]][] = [
      [{ telemetryRateHz: 0 }, ['telemetryRateHz']],
      [{ telemetryRateHz: 51 }, ['telemetryRateHz']],
      [{ fleetUpdateIntervalMs: 19 }, ['fleetUpdateIntervalMs']],
      [{ deadmanTimeoutMs: 60_001 }, ['deadmanTimeoutMs']],
      [{ defaultRateLimit: 0 }, ['defaultRateLimit']],
      [{ defaultRateLimit: 1_000_001 }, ['defaultRateLimit']],
      [{ telemetryRateHz: '20' }, ['telemetryRateHz']],
      [{ deadmanTimeoutMs: 1500.5 }, ['deadmanTimeoutMs']],
      // One good value beside a bad one: the whole request is refused.
      [{ telemetryRateHz: 20, fleetSize: 9 }, ['fleetSize']],
      [{ telemetryRateHz: 20, deadmanTimeoutMs: -1 }, ['deadmanTimeoutMs']],
    ];
    for (const [body, fields] of bad) {
      const res = await config.patch(admin, typeof body === 'string' ? body : JSON.stringify(body));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expectErrorEnvelope(res.body, 400, 'validation_failed');
      expect(detailFields(res.body)).toEqual(expect.arrayContaining(fields));
    }
    // Not an object, not JSON, or refused by the JSON guard before any DTO sees it.
    for (const body of [
      '[]',
      '"x"',
      '{"telemetryRateHz":',
      '{"__proto__":{"telemetryRateHz":20}}',
    ]) {
      const res = await config.patch(admin, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await config.get(admin)).body).toEqual(before);
    expect(t.app.get(RuntimeSettings).current).toEqual({
      telemetryRateHz: before.telemetryRateHz,
      fleetUpdateIntervalMs: before.fleetUpdateIntervalMs,
      deadmanTimeoutMs: before.deadmanTimeoutMs,
      defaultRateLimit: before.defaultRateLimit,
    });
    expect((await config.audit(admin)).total).toBe(auditBefore);
  });

  it('should apply a partial change, keep the rest, and audit it', async () => {
    const res = await config.patch(admin, { telemetryRateHz: 25, deadmanTimeoutMs: 1500 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      telemetryRateHz: 25,
      deadmanTimeoutMs: 1500,
      fleetUpdateIntervalMs: 2000,
      defaultRateLimit: 100000,
      version: 1,
      updatedBy: 'admin',
    });
    expect(res.headers.etag).toBe('"config.1"');
    expect(Date.now() - Date.parse(String(res.body.updatedAt))).toBeLessThan(5000);
    expect((await config.get(admin)).body).toEqual(res.body);
    expect(t.app.get(RuntimeSettings).current).toMatchObject({
      telemetryRateHz: 25,
      deadmanTimeoutMs: 1500,
    });

    const audit = await config.audit(admin);
    expect(audit.items[0]).toMatchObject({
      actor: 'admin',
      action: 'config_changed',
      outcome: 'ok',
      details: {
        version: 1,
        requested: { telemetryRateHz: 25, deadmanTimeoutMs: 1500 },
        changes: {
          telemetryRateHz: { from: 10, to: 25 },
          deadmanTimeoutMs: { from: 1200, to: 1500 },
        },
      },
    });
  });

  it('should announce a change on changes$ and leave a no-op unstored and unaudited', async () => {
    const seen: Settings[] = [];
    const subscription = t.app.get(RuntimeSettings).changes$.subscribe((s) => seen.push(s));
    try {
      const auditBefore = (await config.audit(admin)).total;
      const same = await config.patch(admin, { telemetryRateHz: 25 });
      const empty = await config.patch(admin, {});
      expect([same.status, empty.status]).toEqual([200, 200]);
      expect([same.body.version, empty.body.version]).toEqual([1, 1]);
      expect(seen).toEqual([]);
      expect((await config.audit(admin)).total).toBe(auditBefore);

      await config.patch(admin, { telemetryRateHz: 30 });
      expect(seen.map((s) => s.telemetryRateHz)).toEqual([30]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('should reset a setting to its env default with null', async () => {
    const res = await config.patch(admin, { telemetryRateHz: null, deadmanTimeoutMs: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ telemetryRateHz: 10, deadmanTimeoutMs: 1200 });
    const audit = await config.audit(admin);
    expect(audit.items[0].details.changes).toEqual({
      telemetryRateHz: { from: 30, to: 10 },
      deadmanTimeoutMs: { from: 1500, to: 1200 },
    });
  });

  it('should refuse a stale If-Match with 412 and accept the current one', async () => {
    const { headers, body } = await config.get(admin);
    const etag = String(headers.etag);
    const version = (body as ConfigBody).version;
    const ok = await config.patch(admin, { telemetryRateHz: 12 }, etag);
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(version + 1);
    for (const stale of [etag, '"config.999"', '"something-else"', 'garbage']) {
      const res = await config.patch(admin, { telemetryRateHz: 13 }, stale);
      expect({ stale, status: res.status }).toEqual({ stale, status: 412 });
      expectErrorEnvelope(res.body, 412, 'precondition_failed');
    }
    expect((await config.get(admin)).body.telemetryRateHz).toBe(12);
    const any = await config.patch(admin, { telemetryRateHz: 14 }, '*');
    expect(any.status).toBe(200);
  });

  it('should merge concurrent changes of different settings, losing neither', async () => {
    const before = ((await config.get(admin)).body as ConfigBody).version;
    const [a, b] = await Promise.all([
      config.patch(admin, { telemetryRateHz: 40 }),
      config.patch(admin, { defaultRateLimit: 90000 }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const after = (await config.get(admin)).body as ConfigBody;
    expect(after).toMatchObject({ telemetryRateHz: 40, defaultRateLimit: 90000 });
    expect(after.version).toBe(before + 2);
  });

  it('should apply a new fleet interval to the simulator at once', async () => {
    // 2000 ms: at most one update in 600 ms.
    expect(await sim1UpdatesIn(t, 600)).toBeLessThanOrEqual(1);
    const res = await config.patch(admin, { fleetUpdateIntervalMs: 50 });
    expect(res.status).toBe(200);
    const fast = await sim1UpdatesIn(t, 600);
    expect(fast).toBeGreaterThanOrEqual(6);
    expect(fast).toBeLessThanOrEqual(14);
    await config.patch(admin, { fleetUpdateIntervalMs: null });
    expect(await sim1UpdatesIn(t, 600)).toBeLessThanOrEqual(1);
  });
});

describe('runtime config: the default rate limit applies live', () => {
  let t: TestApp;
  let admin: Session;
  let operator: Session;
  let viewer: Session;
  let config: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await createTestApp({ env: { THROTTLE_LIMIT: '1000' } });
    config = api(t);
    admin = await loginAdmin(t.baseUrl);
    operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
  });
  afterAll(() => t.close());

  const robots = (session: Session) =>
    request(t.baseUrl)
      .get('/api/robots')
      .set(...bearer(session));

  async function statuses(session: Session, count: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((await robots(session)).status);
    return out;
  }

  it('should limit on the next requests after a lower limit, and allow more after a higher one', async () => {
    // The admin has spent 3 of its own budget (two user creations and this PATCH).
    expect((await config.patch(admin, { defaultRateLimit: 5 })).status).toBe(200);

    // Lowered: the viewer, fresh, gets 5 and then 429.
    expect(await statuses(viewer, 6)).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await robots(viewer);
    expect(refused.status).toBe(429);
    expectErrorEnvelope(refused.body, 429, 'rate_limited');

    // Raised while the operator is part-way through its window: its budget grows at once.
    expect(await statuses(operator, 4)).toEqual([200, 200, 200, 200]);
    expect((await config.patch(admin, { defaultRateLimit: 10 })).status).toBe(200);
    expect(await statuses(operator, 7)).toEqual([200, 200, 200, 200, 200, 200, 429]);

    expect((await config.patch(admin, { defaultRateLimit: null })).status).toBe(200);
    expect(t.app.get(RuntimeSettings).current.defaultRateLimit).toBe(1000);
  });
});

describe('runtime config: persisted across a restart', () => {
  let db: TestDatabase;
  let t: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
  });

  it('should boot with the stored settings on the same database, env defaults beneath', async () => {
    const env = { FLEET_UPDATE_INTERVAL_MS: '2000' };
    const first = await createTestApp({ db, env });
    t = first;
    let admin = await loginAdmin(first.baseUrl);
    const changed = await api(first).patch(admin, {
      fleetUpdateIntervalMs: 50,
      defaultRateLimit: 777,
    });
    expect(changed.status).toBe(200);
    await first.close();
    t = undefined;

    // Another env default for a setting that was not changed shows through; the stored ones win.
    const second = await createTestApp({ db, env: { ...env, DEADMAN_TIMEOUT_MS: '3000' } });
    t = second;
    expect(second.app.get(RuntimeSettings).current).toEqual({
      telemetryRateHz: 10,
      fleetUpdateIntervalMs: 50,
      deadmanTimeoutMs: 3000,
      defaultRateLimit: 777,
    });
    admin = await loginAdmin(second.baseUrl);
    const res = await api(second).get(admin);
    expect(res.body).toMatchObject({
      fleetUpdateIntervalMs: 50,
      defaultRateLimit: 777,
      version: 1,
      updatedBy: 'admin',
      defaults: { fleetUpdateIntervalMs: 2000, deadmanTimeoutMs: 3000 },
    });
    // And the simulator runs at the stored interval from the start.
    expect(await sim1UpdatesIn(second, 600)).toBeGreaterThanOrEqual(6);
    const audit = await api(second).audit(admin);
    expect(audit.total).toBe(1);
  });
});

describe('runtime config: two instances on one database', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await createTestApp({ db });
    b = await createTestApp({ db });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db.drop();
  });

  it("should merge a change made on one instance into the other's next change", async () => {
    const adminA = await loginAdmin(a.baseUrl);
    const adminB = await loginAdmin(b.baseUrl);
    expect((await api(a).patch(adminA, { telemetryRateHz: 20 })).status).toBe(200);

    // B has not seen version 1: with its stale ETag it is refused, without one it merges.
    const stale = await api(b).patch(adminB, { defaultRateLimit: 50 }, '"config.0"');
    expect(stale.status).toBe(412);
    const merged = await api(b).patch(adminB, { defaultRateLimit: 50 });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ telemetryRateHz: 20, defaultRateLimit: 50, version: 2 });
    expect(b.app.get(RuntimeSettings).current).toMatchObject({
      telemetryRateHz: 20,
      defaultRateLimit: 50,
    });
  });

  it("should apply another instance's change without a request, within the poll interval", async () => {
    const adminA = await loginAdmin(a.baseUrl);
    const seen: Settings[] = [];
    const subscription = b.app.get(RuntimeSettings).changes$.subscribe((x) => seen.push(x));
    try {
      expect((await api(a).patch(adminA, { deadmanTimeoutMs: 2500 })).status).toBe(200);
      await waitUntil(
        'instance B to pick up the change',
        () => b.app.get(RuntimeSettings).current.deadmanTimeoutMs === 2500,
        RUNTIME_CONFIG_POLL_MS + 2000,
        100,
      );
      expect(seen.at(-1)?.deadmanTimeoutMs).toBe(2500);
    } finally {
      subscription.unsubscribe();
    }
  }, 30_000);
});
