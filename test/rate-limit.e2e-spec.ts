import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { AppThrottlerGuard } from '../src/common/throttling/app-throttler.guard';
import { bearer, createUserAndLogin, loginAdmin, type Session } from './helpers/auth';
import { createTestApp, type TestApp } from './helpers/create-test-app';

function expectRateLimited(res: Response, path: string): void {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ statusCode: 429, error: 'rate_limited', path });
  expect(typeof res.body.message).toBe('string');
  expect(typeof res.body.requestId).toBe('string');
  const retryAfter = res.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
}

describe(AppThrottlerGuard.name, () => {
  describe('login: 5 attempts a minute per IP and username', () => {
    let t: TestApp;
    let admin: Session;

    /** A real account with a known password, so that a 429 cannot be mistaken for a 401. */
    async function account(): Promise<{ username: string; password: string }> {
      const username = `rl-${randomUUID().slice(0, 12)}`;
      const password = `pw-${randomUUID()}`;
      const res = await request(t.baseUrl)
        .post('/api/users')
        .set(...bearer(admin))
        .send({ username, password, role: 'viewer' });
      expect(res.status).toBe(201);
      return { username, password };
    }

    const login = (username: string, password: string) =>
      request(t.baseUrl).post('/api/auth/login').send({ username, password });

    beforeAll(async () => {
      t = await createTestApp();
      admin = await loginAdmin(t.baseUrl);
    });
    afterAll(() => t.close());

    it('should answer the 6th login in a minute with 429, Retry-After and rate_limited, even with the right password', async () => {
      const user = await account();
      for (let i = 1; i <= 5; i++) {
        const res = await login(user.username, user.password);
        expect({ attempt: i, status: res.status }).toEqual({ attempt: i, status: 200 });
      }
      const sixth = await login(user.username, user.password);
      expectRateLimited(sixth, '/api/auth/login');
      expect(sixth.body.accessToken).toBeUndefined();
    });

    it('should count failed attempts too: after 5 wrong passwords the right one is refused', async () => {
      const user = await account();
      for (let i = 1; i <= 5; i++) {
        expect((await login(user.username, `guess-${i}-wrong`)).status).toBe(401);
      }
      const right = await login(user.username, user.password);
      expectRateLimited(right, '/api/auth/login');
    });

    it('should still let a different username log in from the same IP', async () => {
      const victim = await account();
      const other = await account();
      for (let i = 0; i < 6; i++) await login(victim.username, 'hammering-wrong-password');
      expect((await login(victim.username, victim.password)).status).toBe(429);
      const res = await login(other.username, other.password);
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe(other.username);
    });

    it('should not dodge the limit by changing the case or padding of the username', async () => {
      const user = await account();
      const variants = [
        user.username,
        user.username.toUpperCase(),
        ` ${user.username}`,
        `${user.username} `,
        user.username,
      ];
      for (const variant of variants) await login(variant, 'wrong-password-variant');
      expectRateLimited(await login(user.username, user.password), '/api/auth/login');
    });

    it('should share one budget between /api/auth/login and the OAuth2 /api/auth/token', async () => {
      // Both check the same credentials; separate budgets would double a guesser's rate.
      const user = await account();
      for (let i = 0; i < 3; i++) {
        expect((await login(user.username, `wrong-${i}`)).status).toBe(401);
      }
      for (let i = 0; i < 2; i++) {
        const res = await request(t.baseUrl)
          .post('/api/auth/token')
          .type('form')
          .send({ grant_type: 'password', username: user.username, password: `wrong-t${i}` });
        expect(res.status).toBe(401);
      }
      const sixth = await request(t.baseUrl)
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: user.username, password: user.password });
      expectRateLimited(sixth, '/api/auth/token');
    });
  });

  describe('default limit per user (THROTTLE_LIMIT=5)', () => {
    let t: TestApp;
    let first: Session;
    let second: Session;
    let third: Session;

    beforeAll(async () => {
      t = await createTestApp({ env: { THROTTLE_LIMIT: '5' } });
      const admin = await loginAdmin(t.baseUrl);
      first = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      second = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      third = await createUserAndLogin(t.baseUrl, admin, 'viewer');
    });
    afterAll(() => t.close());

    it('should answer the 6th authenticated GET with 429 while another user is still served', async () => {
      for (let i = 1; i <= 5; i++) {
        const res = await request(t.baseUrl)
          .get('/api/navigation')
          .set(...bearer(first));
        expect({ request: i, status: res.status }).toEqual({ request: i, status: 200 });
      }
      const sixth = await request(t.baseUrl)
        .get('/api/navigation')
        .set(...bearer(first));
      expectRateLimited(sixth, '/api/navigation');

      const other = await request(t.baseUrl)
        .get('/api/navigation')
        .set(...bearer(second));
      expect(other.status).toBe(200);
    });

    it('should count requests to different routes against the same per-user budget', async () => {
      const paths = [
        '/api/navigation',
        '/api/collision-avoidance',
        '/api/auth/me',
        '/api/navigation',
        '/api/collision-avoidance',
      ];
      for (const path of paths) {
        const res = await request(t.baseUrl)
          .get(path)
          .set(...bearer(third));
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
      const sixth = await request(t.baseUrl)
        .get('/api/auth/me')
        .set(...bearer(third));
      expectRateLimited(sixth, '/api/auth/me');
    });
  });
});
