import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { LoginLimits } from '../src/auth/login-limits';
import { PasswordHasher } from '../src/users/password-hasher';
import { bearer, createAccount, login, loginAdmin, type Session } from './helpers/auth';
import { createTestApp, type TestApp } from './helpers/create-test-app';

/** The parts of an error body that must not tell an unknown user from a known one. */
const comparable = (res: Response) => ({
  status: res.status,
  error: res.body.error,
  message: res.body.message,
  retryAfter: res.headers['retry-after'] !== undefined,
});

function expectRateLimited(res: Response, path: string): void {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ statusCode: 429, error: 'rate_limited', path });
  expect(res.body.accessToken).toBeUndefined();
  expect(res.body.access_token).toBeUndefined();
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe(`${LoginLimits.name}: failed sign-ins per username and per address`, () => {
  let t: TestApp;
  let admin: Session;
  let addresses = 0;

  /** A documentation-range address no other test uses, sent as the proxy's X-Forwarded-For. */
  const freshAddress = (): string => {
    addresses++;
    return `198.51.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
  };
  const ghost = () => `ghost-${randomUUID().slice(0, 12)}`;

  const loginFrom = (address: string, username: string, password: string) =>
    request(t.baseUrl)
      .post('/api/auth/login')
      .set('X-Forwarded-For', address)
      .send({ username, password });
  const tokenFrom = (address: string, username: string, password: string) =>
    request(t.baseUrl)
      .post('/api/auth/token')
      .set('X-Forwarded-For', address)
      .type('form')
      .send({ grant_type: 'password', username, password });

  /** Counts every password check the service makes, so a test can prove there was none. */
  function countHashing(): { calls: () => number; restore: () => void } {
    const hasher = t.app.get(PasswordHasher);
    const spies = [jest.spyOn(hasher, 'verify'), jest.spyOn(hasher, 'verifyAgainstNothing')];
    return {
      calls: () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
      restore: () => spies.forEach((spy) => spy.mockRestore()),
    };
  }

  beforeAll(async () => {
    // Behind a proxy, so each test can speak from addresses of its own.
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    admin = await loginAdmin(t.baseUrl);
  });
  afterAll(() => t.close());

  describe('per address, across usernames (LOGIN_IP_THROTTLE_LIMIT=30)', () => {
    it('should answer the 31st login from an address that failed 30 times with 429, even with a real user’s right password', async () => {
      const address = freshAddress();
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      for (let i = 1; i <= 30; i++) {
        const res = await loginFrom(address, ghost(), 'sprayed-password');
        expect({ attempt: i, status: res.status }).toEqual({ attempt: i, status: 401 });
      }
      expectRateLimited(
        await loginFrom(address, account.username, account.password),
        '/api/auth/login',
      );
      // The address is blocked, not the user: from elsewhere the same credentials work.
      expect((await loginFrom(freshAddress(), account.username, account.password)).status).toBe(
        200,
      );
    });

    it('should not count successful logins', async () => {
      const address = freshAddress();
      const accounts = await Promise.all(
        Array.from({ length: 3 }, () => createAccount(t.baseUrl, admin, 'viewer')),
      );
      for (let i = 0; i < 29; i++) {
        expect((await loginFrom(address, ghost(), 'sprayed-password')).status).toBe(401);
      }
      for (const account of accounts) {
        expect((await loginFrom(address, account.username, account.password)).status).toBe(200);
      }
      expect((await loginFrom(address, ghost(), 'sprayed-password')).status).toBe(401); // the 30th
      expect((await loginFrom(address, accounts[0].username, accounts[0].password)).status).toBe(
        429,
      );
    });
  });

  describe('per username, from any address (LOGIN_USER_THROTTLE_LIMIT=10)', () => {
    it('should answer 429 after 10 failures from 10 addresses, and refuse the right password while blocked', async () => {
      const account = await createAccount(t.baseUrl, admin, 'operator');
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) {
        statuses.push((await loginFrom(freshAddress(), account.username, `guess-${i}`)).status);
      }
      expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(5).fill(429)]);
      const right = await loginFrom(freshAddress(), account.username, account.password);
      expectRateLimited(right, '/api/auth/login');
      // Other users, from the same addresses, are not affected.
      const other = await createAccount(t.baseUrl, admin, 'viewer');
      expect((await loginFrom(freshAddress(), other.username, other.password)).status).toBe(200);
    });

    it('should answer an unknown username exactly as a known one, before and after the limit', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const unknown = ghost();
      const known: Response[] = [];
      const ghosts: Response[] = [];
      for (let i = 0; i < 11; i++) {
        known.push(await loginFrom(freshAddress(), account.username, `guess-${i}`));
        ghosts.push(await loginFrom(freshAddress(), unknown, `guess-${i}`));
      }
      expect(ghosts.map(comparable)).toEqual(known.map(comparable));
      expect(known.map((res) => res.status)).toEqual([...Array<number>(10).fill(401), 429]);
      expectRateLimited(ghosts[10], '/api/auth/login');
    });

    it('should not dodge the count by changing the case or padding of the username', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const variants = [account.username.toUpperCase(), ` ${account.username}`, account.username];
      for (let i = 0; i < 10; i++) {
        const variant = variants[i % variants.length];
        expect((await loginFrom(freshAddress(), variant, `guess-${i}`)).status).toBe(401);
      }
      expect((await loginFrom(freshAddress(), account.username, account.password)).status).toBe(
        429,
      );
    });

    it('should count failures on /api/auth/token with those on /api/auth/login', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      for (let i = 0; i < 5; i++) {
        expect((await loginFrom(freshAddress(), account.username, `guess-${i}`)).status).toBe(401);
        expect((await tokenFrom(freshAddress(), account.username, `guess-t${i}`)).status).toBe(401);
      }
      expectRateLimited(
        await tokenFrom(freshAddress(), account.username, account.password),
        '/api/auth/token',
      );
    });
  });

  describe('refusal before any work', () => {
    it('should refuse a blocked caller without hashing a password', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      for (let i = 0; i < 10; i++) await loginFrom(freshAddress(), account.username, `guess-${i}`);
      const hashing = countHashing();
      try {
        for (let i = 0; i < 5; i++) {
          const res = await loginFrom(freshAddress(), account.username, account.password);
          expect(res.status).toBe(429);
        }
        expect(hashing.calls()).toBe(0);
        // Control: the spy does see the work of an attempt that is not blocked.
        expect((await loginFrom(freshAddress(), ghost(), 'x-password')).status).toBe(401);
        expect(hashing.calls()).toBeGreaterThan(0);
      } finally {
        hashing.restore();
      }
    });
  });

  describe('wrong currentPassword on PATCH /api/auth/me', () => {
    const changeFrom = (address: string, session: Session, currentPassword: string) =>
      request(t.baseUrl)
        .patch('/api/auth/me')
        .set(...bearer(session))
        .set('X-Forwarded-For', address)
        .send({ currentPassword, newPassword: `new-${randomUUID()}` });

    it('should count against the username: after 10 wrong ones, the right one and logins are refused', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const session = await login(t.baseUrl, account.username, account.password);
      for (let i = 0; i < 10; i++) {
        const res = await changeFrom(freshAddress(), session, `guess-${i}`);
        expect({ attempt: i, status: res.status }).toEqual({ attempt: i, status: 400 });
      }
      expectRateLimited(
        await changeFrom(freshAddress(), session, account.password),
        '/api/auth/me',
      );
      expectRateLimited(
        await loginFrom(freshAddress(), account.username, account.password),
        '/api/auth/login',
      );
      // The password was never changed.
      expect(
        (
          await request(t.baseUrl)
            .get('/api/auth/me')
            .set(...bearer(session))
        ).status,
      ).toBe(200);
    });

    it('should count against the caller’s address', async () => {
      const address = freshAddress();
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const session = await login(t.baseUrl, account.username, account.password);
      for (let i = 0; i < 29; i++) {
        expect((await loginFrom(address, ghost(), 'sprayed-password')).status).toBe(401);
      }
      expect((await changeFrom(address, session, 'not-the-password')).status).toBe(400);
      const other = await createAccount(t.baseUrl, admin, 'viewer');
      expectRateLimited(
        await loginFrom(address, other.username, other.password),
        '/api/auth/login',
      );
    });
  });

  describe('configurable limits', () => {
    let strict: TestApp;
    beforeAll(async () => {
      strict = await createTestApp({
        env: { LOGIN_USER_THROTTLE_LIMIT: '2', LOGIN_IP_THROTTLE_LIMIT: '3' },
      });
    });
    afterAll(() => strict.close());

    const attempt = (username: string) =>
      request(strict.baseUrl)
        .post('/api/auth/login')
        .send({ username, password: 'wrong-password' });

    it('should follow LOGIN_USER_THROTTLE_LIMIT and LOGIN_IP_THROTTLE_LIMIT', async () => {
      const user = ghost();
      expect([(await attempt(user)).status, (await attempt(user)).status]).toEqual([401, 401]);
      expect((await attempt(user)).status).toBe(429); // the username, after 2
      expect((await attempt(ghost())).status).toBe(401); // the address's 3rd failure
      expect((await attempt(ghost())).status).toBe(429); // the address, after 3
    });
  });
});
