import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { JwtAuthGuard } from '../src/auth/guards/jwt-auth.guard';
import { bearer, createUserAndLogin, loginAdmin, type Session } from './helpers/auth';
import {
  decodeJwtPayload,
  flipPayloadByte,
  nowSeconds,
  serviceClaims,
  signHs256,
  unsignedToken,
  type JwtClaims,
} from './helpers/auth-jwt';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/create-test-app';

const OTHER_SECRET = 'another-secret-that-is-also-long-enough-for-hs256-9876543210';

/**
 * Each forged or stale access token is tried on a write route (creating a navigation module) and must
 * get a 401 and leave no trace; afterwards the admin checks that none of the names was created.
 */
describe(`${JwtAuthGuard.name}: access tokens that must not open a closed route`, () => {
  let t: TestApp;
  let admin: Session;
  const attemptedNames: string[] = [];

  const navigationBody = (name: string) => ({
    name,
    algorithm: 'a_star',
    maxSpeed: 1,
    goalTolerance: 0.2,
    waypoints: [],
    enabled: true,
  });

  /** Claims exactly like the service's own, for the admin, valid for ten minutes. */
  const adminClaims = (overrides: JwtClaims = {}): JwtClaims =>
    serviceClaims({ ...admin.user, username: 'admin', role: 'admin' }, t.config.auth, overrides);

  /** POSTs a navigation module with the given request decoration; expects a 401 envelope. */
  async function expectRefusedWrite(
    decorate: (req: request.Test) => request.Test,
    path = '/api/navigation',
  ): Promise<void> {
    const name = `forged-${randomUUID()}`;
    attemptedNames.push(name);
    const res = await decorate(request(t.baseUrl).post(path)).send(navigationBody(name));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      error: 'unauthorized',
      path: '/api/navigation',
    });
    expect(typeof res.body.requestId).toBe('string');
  }

  const withBearer = (token: string) => (req: request.Test) =>
    req.set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t.baseUrl);
  });
  afterAll(() => t.close());

  describe('control: a correctly hand-signed token is accepted', () => {
    // Without this, every refusal below could just mean the test signs tokens wrongly.
    it('should accept an HS256 token built by hand with the test secret, iss, aud and typ', async () => {
      const token = signHs256(adminClaims(), TEST_JWT_SECRET);
      const res = await request(t.baseUrl)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: admin.user.id, role: 'admin' });
    });

    it('should carry the same kinds of claims as the tokens the service issues', () => {
      const issued = decodeJwtPayload(admin.accessToken);
      expect(Object.keys(adminClaims()).sort()).toEqual(Object.keys(issued).sort());
    });
  });

  describe('forged and stale tokens on POST /api/navigation', () => {
    it('should refuse a token with alg "none" and no signature', async () => {
      await expectRefusedWrite(withBearer(unsignedToken(adminClaims())));
    });

    it('should refuse an "alg: none" token that keeps a valid-looking signature', async () => {
      const [, payload, signature] = signHs256(adminClaims(), TEST_JWT_SECRET).split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await expectRefusedWrite(withBearer(`${header}.${payload}.${signature}`));
    });

    it('should refuse a real token with one payload byte flipped', async () => {
      const tampered = flipPayloadByte(admin.accessToken);
      expect(tampered).not.toBe(admin.accessToken);
      await expectRefusedWrite(withBearer(tampered));
    });

    it('should refuse a real token whose role claim was raised by editing the payload', async () => {
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const [header, , signature] = viewer.accessToken.split('.');
      const claims = { ...decodeJwtPayload(viewer.accessToken), role: 'admin' };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      await expectRefusedWrite(withBearer(`${header}.${payload}.${signature}`));
    });

    it('should refuse a token signed with another key', async () => {
      await expectRefusedWrite(withBearer(signHs256(adminClaims(), OTHER_SECRET)));
    });

    it('should refuse a token signed with HS512 under the right secret (HS256 only)', async () => {
      const head = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify(adminClaims())).toString('base64url');
      const sig = createHmac('sha512', TEST_JWT_SECRET)
        .update(`${head}.${body}`)
        .digest('base64url');
      await expectRefusedWrite(withBearer(`${head}.${body}.${sig}`));
    });

    it('should refuse an expired token', async () => {
      const expired = signHs256(
        adminClaims({ iat: nowSeconds() - 3600, exp: nowSeconds() - 60 }),
        TEST_JWT_SECRET,
      );
      await expectRefusedWrite(withBearer(expired));
    });

    it('should refuse a token without exp', async () => {
      const claims = adminClaims();
      delete claims.exp;
      await expectRefusedWrite(withBearer(signHs256(claims, TEST_JWT_SECRET)));
    });

    it('should refuse a token with the wrong iss', async () => {
      await expectRefusedWrite(
        withBearer(signHs256(adminClaims({ iss: 'someone-else' }), TEST_JWT_SECRET)),
      );
    });

    it('should refuse a token without iss', async () => {
      const claims = adminClaims();
      delete claims.iss;
      await expectRefusedWrite(withBearer(signHs256(claims, TEST_JWT_SECRET)));
    });

    it('should refuse a token with the wrong aud', async () => {
      await expectRefusedWrite(
        withBearer(signHs256(adminClaims({ aud: 'some-other-api' }), TEST_JWT_SECRET)),
      );
    });

    it('should refuse a token without aud', async () => {
      const claims = adminClaims();
      delete claims.aud;
      await expectRefusedWrite(withBearer(signHs256(claims, TEST_JWT_SECRET)));
    });

    it('should refuse a token whose claims are fine but whose typ is not "access"', async () => {
      await expectRefusedWrite(
        withBearer(signHs256(adminClaims({ typ: 'refresh' }), TEST_JWT_SECRET)),
      );
    });

    it('should refuse a token with no typ claim', async () => {
      const claims = adminClaims();
      delete claims.typ;
      await expectRefusedWrite(withBearer(signHs256(claims, TEST_JWT_SECRET)));
    });

    it('should refuse a token for a user id that does not exist', async () => {
      await expectRefusedWrite(
        withBearer(signHs256(adminClaims({ sub: randomUUID() }), TEST_JWT_SECRET)),
      );
    });

    it('should refuse a valid token passed only as ?token=', async () => {
      await expectRefusedWrite((req) => req, `/api/navigation?token=${admin.accessToken}`);
    });

    it('should refuse a valid token passed only as ?access_token=', async () => {
      await expectRefusedWrite((req) => req, `/api/navigation?access_token=${admin.accessToken}`);
    });

    it('should refuse a valid token passed in the body instead of the header', async () => {
      const name = `forged-${randomUUID()}`;
      attemptedNames.push(name);
      const res = await request(t.baseUrl)
        .post('/api/navigation')
        .send({ ...navigationBody(name), access_token: admin.accessToken });
      expect(res.status).toBe(401);
    });

    it('should refuse "Bearer" followed by garbage', async () => {
      await expectRefusedWrite(withBearer('not-a-jwt-at-all'));
    });

    it('should refuse "Bearer" followed by three dotted garbage segments', async () => {
      await expectRefusedWrite(withBearer('aaaa.bbbb.cccc'));
    });

    it('should refuse "Bearer" with nothing after it', async () => {
      await expectRefusedWrite((req) => req.set('Authorization', 'Bearer '));
    });

    it('should refuse a valid token under another scheme than Bearer', async () => {
      await expectRefusedWrite((req) => req.set('Authorization', `Token ${admin.accessToken}`));
    });

    it('should refuse the token of a user who has been deleted', async () => {
      const operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
      // Control: before the deletion, the same token works.
      const before = await request(t.baseUrl)
        .get('/api/navigation')
        .set(...bearer(operator));
      expect(before.status).toBe(200);
      const deleted = await request(t.baseUrl)
        .delete(`/api/users/${operator.user.id}`)
        .set(...bearer(admin));
      expect(deleted.status).toBe(204);
      await expectRefusedWrite(withBearer(operator.accessToken));
    });
  });

  describe('after all the attempts', () => {
    it('should have created none of the navigation modules the refused requests carried', async () => {
      expect(attemptedNames.length).toBeGreaterThanOrEqual(20);
      const list = await request(t.baseUrl)
        .get('/api/navigation?limit=100')
        .set(...bearer(admin));
      expect(list.status).toBe(200);
      const names = (list.body.items as { name: string }[]).map((m) => m.name);
      expect(names.filter((n) => attemptedNames.includes(n))).toEqual([]);
      expect(list.body.total).toBe(0);
    });

    it('should still let the untampered admin token write (the refusals were about the tokens)', async () => {
      const res = await request(t.baseUrl)
        .post('/api/navigation')
        .set(...bearer(admin))
        .send(navigationBody(`genuine-${randomUUID()}`));
      expect(res.status).toBe(201);
    });
  });
});
