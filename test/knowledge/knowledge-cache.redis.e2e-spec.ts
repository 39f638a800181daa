import { createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { api } from '../helpers/catalog-fixtures';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { describeWithRedis, TestRedis } from '../helpers/test-redis';
import { PARTS, partBody, SEARCH, uniqueWord } from './knowledge-fixtures';

/**
 * Two instances on one database and one Redis: the knowledge cache lives in Redis, so a write on
 * one instance is seen on the other's very next read, although that read was cached.
 */
describeWithRedis('the knowledge cache in Redis, across two instances', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  let adminOnA: Session;
  let viewerOnB: Session;

  beforeAll(async () => {
    redis = await TestRedis.claim();
    const env = { REDIS_URL: redis.url(), THROTTLE_LIMIT: '100000' };
    a = await createTestApp({ env });
    b = await createTestApp({ db: a.db, env: { ...env, SERIAL_PORT: 'none' } });
    adminOnA = await loginAdmin(a.baseUrl);
    viewerOnB = await createUserAndLogin(b.baseUrl, adminOnA, 'viewer');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.release();
  });

  const onB = () => api(b.baseUrl, viewerOnB);
  const onA = () => api(a.baseUrl, adminOnA);

  it('should keep entries in Redis under the rmc: prefix and move the generation on with each write', async () => {
    const word = uniqueWord();
    await onB().get(`${SEARCH}?q=${word}`).expect(200);
    expect(await redis.client.keys('rmc:knowledge:cache:entry:*')).not.toHaveLength(0);
    const before = Number((await redis.client.get('rmc:knowledge:cache:generation')) ?? 0);
    await onA().post(PARTS).send(partBody()).expect(201);
    const after = Number(await redis.client.get('rmc:knowledge:cache:generation'));
    expect(after).toBe(before + 1);
  });

  it("should show a part written on A in B's next search and list, though both were cached", async () => {
    const word = uniqueWord();
    expect((await onB().get(`${SEARCH}?q=${word}`).expect(200)).body.total).toBe(0);
    expect((await onB().get(`${PARTS}?search=${word}`).expect(200)).body.total).toBe(0);
    const created = await onA()
      .post(PARTS)
      .send(partBody({ description: `A ${word} probe` }))
      .expect(201);
    const found = await onB().get(`${SEARCH}?q=${word}`).expect(200);
    expect((found.body.items as { id: string }[]).map((i) => i.id)).toEqual([created.body.id]);
    expect((await onB().get(`${PARTS}?search=${word}`).expect(200)).body.total).toBe(1);

    await onA().delete(`${PARTS}/${created.body.id}`).expect(204);
    expect((await onB().get(`${SEARCH}?q=${word}`).expect(200)).body.total).toBe(0);
  });
});
