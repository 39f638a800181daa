import request from 'supertest';
import { createAccount, login, loginAdmin, type Session } from './helpers/auth';
import { expectErrorEnvelope } from './helpers/auth-envelope';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/create-test-app';
import { accessClaims, signHs256 } from './helpers/socket-client';
import { describeWithRedis, TestRedis } from './helpers/test-redis';

/** A route that any signed-in user may call and one that needs rover:control (operator). */
const ME = '/api/auth/me';
const OPERATOR_ONLY = '/api/rover/heartbeat';

const get = (baseUrl: string, token: string) =>
  request(baseUrl).get(ME).set('Authorization', `Bearer ${token}`);

/**
 * What the verified-token cache and the cached user could get wrong: each change below must make
 * the very next request fail, whichever instance made the change and whichever serves the request.
 * Before each change the token is used (more than once) where it will be refused, so that its
 * signature and its user are cached there.
 */
function invalidationCases(
  name: string,
  apps: () => { changeOn: TestApp; askOn: TestApp; admin: Session },
): void {
  describe(name, () => {
    async function warm(baseUrl: string, token: string, path = ME, method: 'get' | 'post' = 'get') {
      for (let i = 0; i < 3; i++) {
        const res = await request(baseUrl)[method](path).set('Authorization', `Bearer ${token}`);
        expect(res.status).toBe(200);
      }
    }

    it('should refuse the access tokens of a refresh family revoked by reuse', async () => {
      const { changeOn, askOn, admin } = apps();
      const account = await createAccount(changeOn.baseUrl, admin, 'viewer');
      const first = await login(changeOn.baseUrl, account.username, account.password);
      const rotated = await request(changeOn.baseUrl)
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken });
      expect(rotated.status).toBe(200);
      const current = rotated.body as Session;
      await warm(askOn.baseUrl, current.accessToken);

      // The first refresh token again: a replay, so the whole family is revoked.
      const replay = await request(changeOn.baseUrl)
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken });
      expect(replay.status).toBe(401);

      const next = await get(askOn.baseUrl, current.accessToken);
      expectErrorEnvelope(next.body, 401, 'unauthorized');
      expect(next.status).toBe(401);
    });

    it('should refuse the tokens of a deleted user', async () => {
      const { changeOn, askOn, admin } = apps();
      const account = await createAccount(changeOn.baseUrl, admin, 'operator');
      const session = await login(askOn.baseUrl, account.username, account.password);
      await warm(askOn.baseUrl, session.accessToken);
      const user = session.user;
      const deleted = await request(changeOn.baseUrl)
        .delete(`/api/users/${user.id}`)
        .set('Authorization', `Bearer ${admin.accessToken}`);
      expect(deleted.status).toBe(204);
      expect((await get(askOn.baseUrl, session.accessToken)).status).toBe(401);
    });

    it('should refuse what a demoted user may no longer do', async () => {
      const { changeOn, askOn, admin } = apps();
      const account = await createAccount(changeOn.baseUrl, admin, 'operator');
      const session = await login(askOn.baseUrl, account.username, account.password);
      await warm(askOn.baseUrl, session.accessToken, OPERATOR_ONLY, 'post');
      const demoted = await request(changeOn.baseUrl)
        .patch(`/api/users/${session.user.id}`)
        .set('Authorization', `Bearer ${admin.accessToken}`)
        .send({ role: 'viewer' });
      expect(demoted.status).toBe(200);
      const next = await request(askOn.baseUrl)
        .post(OPERATOR_ONLY)
        .set('Authorization', `Bearer ${session.accessToken}`);
      // Refused either way: 403 for the lost scope, or 401 if the demotion also ended the login.
      expect([401, 403]).toContain(next.status);
    });

    it('should refuse a token once it has expired, although its signature is cached', async () => {
      const { changeOn, askOn, admin } = apps();
      const account = await createAccount(changeOn.baseUrl, admin, 'viewer');
      const session = await login(askOn.baseUrl, account.username, account.password);
      const shortLived = signHs256(
        accessClaims(session.user, 2, { sid: tokenSid(session.accessToken) }),
        TEST_JWT_SECRET,
      );
      await warm(askOn.baseUrl, shortLived);
      const expMs =
        (
          JSON.parse(Buffer.from(shortLived.split('.')[1], 'base64url').toString()) as {
            exp: number;
          }
        ).exp * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expMs - Date.now()) + 20));
      expect((await get(askOn.baseUrl, shortLived)).status).toBe(401);
    });

    it('should refuse a token signed with another key, even with the claims of a cached one', async () => {
      const { askOn } = apps();
      const session = await loginAdmin(askOn.baseUrl);
      await warm(askOn.baseUrl, session.accessToken);
      const payload = session.accessToken.split('.')[1];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const forged = signHs256(claims, 'another-secret-that-is-long-enough-for-hs256-0123456789');
      expect(forged.split('.')[1]).toBe(payload); // the same claims, only the signature differs
      const res = await get(askOn.baseUrl, forged);
      expect(res.status).toBe(401);
      expectErrorEnvelope(res.body, 401, 'unauthorized');
      // And the cached good token still works: the forgery changed nothing.
      expect((await get(askOn.baseUrl, session.accessToken)).status).toBe(200);
    });
  });
}

function tokenSid(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
    sid: string;
  };
  return claims.sid;
}

describe('auth caches on one instance', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    admin = await loginAdmin(t.baseUrl);
  });
  afterAll(() => t?.close());

  invalidationCases('the change and the next request on the same instance', () => ({
    changeOn: t,
    askOn: t,
    admin,
  }));
});

describeWithRedis('auth caches across two instances on one Redis', () => {
  let redis: TestRedis;
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  beforeAll(async () => {
    redis = await TestRedis.claim();
    const env = { REDIS_URL: redis.url(), THROTTLE_LIMIT: '100000' };
    a = await createTestApp({ env });
    b = await createTestApp({ db: a.db, env: { ...env, SERIAL_PORT: 'none' } });
    admin = await loginAdmin(a.baseUrl);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.release();
  });

  invalidationCases('the change on one instance, the next request on the other', () => ({
    changeOn: a,
    askOn: b,
    admin,
  }));
});
