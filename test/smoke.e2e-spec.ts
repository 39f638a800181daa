import request from 'supertest';
import { createUserAndLogin, loginAdmin } from './helpers/auth';
import { createTestApp, type TestApp } from './helpers/create-test-app';

describe('smoke: the app boots on a fresh database and serves a CRUD round trip', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should create, read and list a navigation module as an operator', async () => {
    const admin = await loginAdmin(t.baseUrl);
    const operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    const created = await request(t.baseUrl)
      .post('/api/navigation')
      .set('Authorization', `Bearer ${operator.accessToken}`)
      .send({
        name: 'loop',
        algorithm: 'a_star',
        maxSpeed: 1,
        goalTolerance: 0.2,
        waypoints: [{ x: 1, y: 2 }],
        enabled: true,
      });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe(`"${created.body.id}.1"`);
    const list = await request(t.baseUrl)
      .get('/api/navigation')
      .set('Authorization', `Bearer ${operator.accessToken}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, limit: 50 });
    expect(list.body.items[0]).toMatchObject({
      name: 'loop',
      waypoints: [{ x: 1, y: 2 }],
      version: 1,
    });
  });
});
