import request from 'supertest';
import { bearer, createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import {
  decodeJwtPayload,
  flipPayloadByte,
  nowSeconds,
  signHs256,
  unsignedToken,
} from '../helpers/auth-jwt';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from '../helpers/create-test-app';

/**
 * The e-stop authenticates from the token alone (no database read before the stop frame leaves),
 * so that path gets its own proof that it refuses every forgery the main guard refuses.
 */
describe('emergency stop authentication (token claims only)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t.baseUrl);
  });
  afterAll(() => t.close());

  const estop = (authorization?: string) => {
    const req = request(t.baseUrl).post('/api/rover/emergency-stop');
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };
  const latched = async () =>
    (await request(t.baseUrl).get('/api/rover/status')).body.emergency_stop as boolean;
  const resume = () =>
    request(t.baseUrl)
      .post('/api/rover/resume')
      .set(...bearer(admin))
      .send({ reason: 'test reset' });

  afterEach(async () => {
    if (await latched()) expect((await resume()).status).toBe(200);
  });

  const validClaims = () => decodeJwtPayload(admin.accessToken);

  it.each([
    ['no Authorization header', () => undefined],
    ['a bare token without Bearer', () => admin.accessToken],
    ['garbage', () => 'Bearer not.a.jwt'],
    ['alg none', () => `Bearer ${unsignedToken(validClaims())}`],
    ['a flipped payload byte', () => `Bearer ${flipPayloadByte(admin.accessToken)}`],
    [
      'another key',
      () => `Bearer ${signHs256(validClaims(), 'another-secret-that-is-long-enough-0123456789')}`,
    ],
    [
      'an expired token',
      () => `Bearer ${signHs256({ ...validClaims(), exp: nowSeconds() - 5 }, TEST_JWT_SECRET)}`,
    ],
    [
      'a wrong audience',
      () => `Bearer ${signHs256({ ...validClaims(), aud: 'someone-else' }, TEST_JWT_SECRET)}`,
    ],
    [
      'a wrong issuer',
      () => `Bearer ${signHs256({ ...validClaims(), iss: 'someone-else' }, TEST_JWT_SECRET)}`,
    ],
    [
      'a refresh-type token',
      () => `Bearer ${signHs256({ ...validClaims(), typ: 'refresh' }, TEST_JWT_SECRET)}`,
    ],
    [
      'an unknown role',
      () => `Bearer ${signHs256({ ...validClaims(), role: 'superuser' }, TEST_JWT_SECRET)}`,
    ],
  ])('should refuse %s with 401 and latch nothing', async (_label, header) => {
    const res = await estop(header());
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
    expect(await latched()).toBe(false);
  });

  it('should refuse a token passed only in the query string', async () => {
    const res = await request(t.baseUrl).post(
      `/api/rover/emergency-stop?access_token=${admin.accessToken}`,
    );
    expect(res.status).toBe(401);
    expect(await latched()).toBe(false);
  });

  it('should let a viewer stop the rover', async () => {
    const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
    const res = await estop(`Bearer ${viewer.accessToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stopped', confirmed: true });
    expect(await latched()).toBe(true);
  });

  it('should still let the holder of a valid token of a since-deleted user stop the rover: stopping is always safe', async () => {
    const operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    expect(
      (
        await request(t.baseUrl)
          .delete(`/api/users/${operator.user.id}`)
          .set(...bearer(admin))
      ).status,
    ).toBe(204);
    expect(
      (
        await request(t.baseUrl)
          .get('/api/auth/me')
          .set(...bearer(operator))
      ).status,
    ).toBe(401);
    const res = await estop(`Bearer ${operator.accessToken}`);
    expect(res.status).toBe(200);
    expect(await latched()).toBe(true);
    const audit = await request(t.baseUrl)
      .get('/api/audit?action=emergency_stop')
      .set(...bearer(admin));
    expect(audit.body.items[0]).toMatchObject({
      actor: operator.user.username,
      actorId: operator.user.id,
    });
  });
});
