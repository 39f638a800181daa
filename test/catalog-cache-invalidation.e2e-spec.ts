import request from 'supertest';
import { bearer, loginAdmin, type Session } from './helpers/auth';
import {
  type CatalogRecord,
  COLLISION_AVOIDANCE_PATH,
  collisionAvoidanceBody,
  NAVIGATION_PATH,
  navigationBody,
} from './helpers/catalog-fixtures';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { testDatabaseKind } from './helpers/test-database';
import { describeWithRedis, TestRedis } from './helpers/test-redis';
import { PARTS, partBody } from './knowledge/knowledge-fixtures';

/** The catalogues whose GET of one record is served from the record cache. */
const CATALOGUES = [
  { path: NAVIGATION_PATH, body: navigationBody, field: 'description' },
  { path: COLLISION_AVOIDANCE_PATH, body: collisionAvoidanceBody, field: 'description' },
  { path: PARTS, body: partBody, field: 'description' },
] as const;

/**
 * What the record cache could get wrong: after a write, the very next GET of the record, on the
 * instance that wrote it or on another, must show the write. Before each write the record is read
 * (more than once) where it will be read again, so that its copy is cached there.
 */
function invalidationCases(
  name: string,
  apps: () => { writeOn: TestApp; readOn: TestApp; admin: Session },
): void {
  describe.each(CATALOGUES)(`${name}: $path`, ({ path, body, field }) => {
    const as = (app: TestApp, admin: Session) => ({
      get: (id: string) =>
        request(app.baseUrl)
          .get(`${path}/${id}`)
          .set(...bearer(admin)),
      write: (method: 'put' | 'patch' | 'delete', id: string) => {
        const agent = request(app.baseUrl);
        const send = { put: agent.put, patch: agent.patch, delete: agent.delete }[method];
        return send.call(agent, `${path}/${id}`).set(...bearer(admin));
      },
    });

    async function createAndWarm(): Promise<{ record: CatalogRecord; etag: string }> {
      const { writeOn, readOn, admin } = apps();
      const created = await request(writeOn.baseUrl)
        .post(path)
        .set(...bearer(admin))
        .send(body());
      expect(created.status).toBe(201);
      const record = created.body as CatalogRecord;
      let etag = '';
      for (let i = 0; i < 3; i++) {
        const res = await as(readOn, admin).get(record.id);
        expect(res.status).toBe(200);
        expect((res.body as CatalogRecord).version).toBe(1);
        etag = String(res.headers.etag);
      }
      return { record, etag };
    }

    it('should show a PATCH on the very next GET, with the new version and ETag', async () => {
      const { writeOn, readOn, admin } = apps();
      const { record, etag } = await createAndWarm();
      const patched = await as(writeOn, admin)
        .write('patch', record.id)
        .set('If-Match', etag)
        .send({ [field]: 'changed by a PATCH' });
      expect(patched.status).toBe(200);

      const next = await as(readOn, admin).get(record.id);
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({ [field]: 'changed by a PATCH', version: 2 });
      expect(next.headers.etag).toBe(patched.headers.etag);
      expect(next.headers.etag).not.toBe(etag);
    });

    it('should show a PUT on the very next GET', async () => {
      const { writeOn, readOn, admin } = apps();
      const { record } = await createAndWarm();
      const replacement = body({ [field]: 'changed by a PUT' });
      const put = await as(writeOn, admin).write('put', record.id).send(replacement);
      expect(put.status).toBe(200);

      const next = await as(readOn, admin).get(record.id);
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({ name: replacement.name, [field]: 'changed by a PUT' });
      expect((next.body as CatalogRecord).version).toBe(2);
    });

    it('should answer 404 on the very next GET after a DELETE', async () => {
      const { writeOn, readOn, admin } = apps();
      const { record } = await createAndWarm();
      expect((await as(writeOn, admin).write('delete', record.id)).status).toBe(204);

      const next = await as(readOn, admin).get(record.id);
      expect(next.status).toBe(404);
      expect(next.body).toMatchObject({ error: 'not_found' });
    });

    it('should keep serving the cached copy unchanged when a write is refused', async () => {
      const { writeOn, readOn, admin } = apps();
      const { record, etag } = await createAndWarm();
      const refused = await as(writeOn, admin)
        .write('patch', record.id)
        .set('If-Match', '"stale-version"')
        .send({ [field]: 'never stored' });
      expect(refused.status).toBe(412);

      const next = await as(readOn, admin).get(record.id);
      expect(next.status).toBe(200);
      expect(next.headers.etag).toBe(etag);
      expect((next.body as Record<string, unknown>)[field]).not.toBe('never stored');
    });
  });
}

describe('record cache on one instance', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    admin = await loginAdmin(t.baseUrl);
  });
  afterAll(() => t?.close());

  invalidationCases('the write and the next read on the same instance', () => ({
    writeOn: t,
    readOn: t,
    admin,
  }));
});

/** Two instances on one database, the second without the rover link; `env` for both. */
function onTwoInstances(name: string, env: () => Record<string, string>): void {
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  beforeAll(async () => {
    a = await createTestApp({ env: { ...env(), THROTTLE_LIMIT: '100000' } });
    b = await createTestApp({
      db: a.db,
      env: { ...env(), THROTTLE_LIMIT: '100000', SERIAL_PORT: 'none' },
    });
    admin = await loginAdmin(a.baseUrl);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  invalidationCases(name, () => ({ writeOn: a, readOn: b, admin }));
}

describeWithRedis('record cache across two instances on one Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await TestRedis.claim();
  });
  afterAll(() => redis?.release());

  onTwoInstances('the write on one instance, the next read on the other', () => ({
    REDIS_URL: redis.url(),
  }));
});

// Two instances on one PostgreSQL without Redis cannot tell each other of a write, so neither
// may serve a record from memory: each read goes to the database.
// (Registered on the PostgreSQL run only: on SQLite the case does not exist.)
if (testDatabaseKind() === 'postgres') {
  describe('record cache across two instances on one PostgreSQL without Redis', () =>
    onTwoInstances('the write on one instance, the next read on the other', () => ({})));
}
