import request from 'supertest';
import { RevocationSync } from '../src/auth/sessions/revocation-sync';
import { SessionEvents, type SessionsEnded } from '../src/common/sessions/session-events';
import {
  bearer,
  createAccount,
  login,
  loginAdmin,
  type Account,
  type Session,
} from './helpers/auth';
import { decodeJwtPayload } from './helpers/auth-jwt';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { connectOutcome, SocketClients } from './helpers/socket-client';

const sidOf = (session: Session): string => String(decodeJwtPayload(session.accessToken).sid);

/** Every SessionsEnded the app publishes, for the realtime layer, from the moment of the call. */
function recordSessionEvents(t: TestApp): SessionsEnded[] {
  const events: SessionsEnded[] = [];
  t.app.get(SessionEvents).ended$.subscribe((event) => events.push(event));
  return events;
}

/** Polls `probe` until it returns true; fails after `timeoutMs`. */
async function within(timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe(`${RevocationSync.name}: a revoked login is refused on the next request`, () => {
  let t: TestApp;
  let admin: Session;
  let events: SessionsEnded[];
  const sockets = new SocketClients();

  const me = (session: Session, baseUrl = t.baseUrl) =>
    request(baseUrl)
      .get('/api/auth/me')
      .set(...bearer(session));
  const refresh = (session: Session, baseUrl = t.baseUrl) =>
    request(baseUrl).post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
  const estop = (session: Session, baseUrl = t.baseUrl) =>
    request(baseUrl)
      .post('/api/rover/emergency-stop')
      .set(...bearer(session));
  const latched = async (baseUrl = t.baseUrl) =>
    (await request(baseUrl).get('/api/rover/status')).body.emergency_stop as boolean;
  const logout = (session: Session) =>
    request(t.baseUrl)
      .post('/api/auth/logout')
      .set(...bearer(session))
      .send({ refreshToken: session.refreshToken });

  /** Whether the token opens nothing: the guarded routes, the e-stop and a socket handshake. */
  async function expectRefusedEverywhere(session: Session, baseUrl = t.baseUrl): Promise<void> {
    expect((await me(session, baseUrl)).status).toBe(401);
    const stop = await estop(session, baseUrl);
    expect(stop.status).toBe(401);
    expect(stop.body.error).toBe('unauthorized');
    expect(await latched(baseUrl)).toBe(false);
    const outcome = await connectOutcome(
      sockets.open(baseUrl, { auth: { token: session.accessToken } }),
    );
    expect(outcome.connected).toBe(false);
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t.baseUrl);
    events = recordSessionEvents(t);
  });
  beforeEach(() => events.splice(0));
  afterEach(() => sockets.closeAll());
  afterAll(() => t.close());

  describe('logout', () => {
    it('should refuse the access token of the login that logged out, on /api/auth/me, the e-stop and sockets', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const session = await login(t.baseUrl, account.username, account.password);
      expect((await me(session)).status).toBe(200); // control: the token worked before

      expect((await logout(session)).status).toBe(204);

      await expectRefusedEverywhere(session);
      expect((await refresh(session)).status).toBe(401);
      expect(events).toEqual([
        { userId: account.id, reason: 'logout', sessionIds: [sidOf(session)] },
      ]);
    });

    it('should end the caller’s login even when the refresh token sent is not theirs', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const session = await login(t.baseUrl, account.username, account.password);
      const out = await request(t.baseUrl)
        .post('/api/auth/logout')
        .set(...bearer(session))
        .send({ refreshToken: admin.refreshToken });
      expect(out.status).toBe(204);
      expect((await me(session)).status).toBe(401);
      expect((await me(admin)).status).toBe(200);
    });

    it('should leave the user’s other logins working', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const phone = await login(t.baseUrl, account.username, account.password);
      const laptop = await login(t.baseUrl, account.username, account.password);
      expect((await logout(phone)).status).toBe(204);
      expect((await me(laptop)).status).toBe(200);
      expect((await refresh(laptop)).status).toBe(200);
    });
  });

  describe('refresh-token reuse', () => {
    it('should refuse every access token of the login once a spent refresh token is replayed', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const first = await login(t.baseUrl, account.username, account.password);
      const rotated = await refresh(first);
      expect(rotated.status).toBe(200);
      const second = rotated.body as Session;
      expect(sidOf(second)).toBe(sidOf(first));
      expect((await me(second)).status).toBe(200);

      expect((await refresh(first)).status).toBe(401); // the replay

      await expectRefusedEverywhere(first);
      await expectRefusedEverywhere(second);
      expect((await refresh(second)).status).toBe(401);
      expect(events).toEqual([
        { userId: account.id, reason: 'refresh_reuse', sessionIds: [sidOf(first)] },
      ]);
    });
  });

  describe('password change (PATCH /api/auth/me)', () => {
    it('should end every other login of the user and keep the one that changed it', async () => {
      const account = await createAccount(t.baseUrl, admin, 'operator');
      const current = await login(t.baseUrl, account.username, account.password);
      const other = await login(t.baseUrl, account.username, account.password);
      const third = await login(t.baseUrl, account.username, account.password);

      const changed = await request(t.baseUrl)
        .patch('/api/auth/me')
        .set(...bearer(current))
        .send({ currentPassword: account.password, newPassword: `${account.password}-new` });
      expect(changed.status).toBe(204);

      for (const ended of [other, third]) {
        await expectRefusedEverywhere(ended);
        expect((await refresh(ended)).status).toBe(401);
      }
      expect((await me(current)).status).toBe(200);
      const renewed = await refresh(current);
      expect(renewed.status).toBe(200);
      expect((await me(renewed.body as Session)).status).toBe(200);
      expect(events).toEqual([
        { userId: account.id, reason: 'password_changed', keepSessionId: sidOf(current) },
      ]);
    });
  });

  describe('admin changes to another user (PATCH and DELETE /api/users/:id)', () => {
    async function twoLogins(role: 'viewer' | 'operator' | 'admin'): Promise<[Account, Session[]]> {
      const account = await createAccount(t.baseUrl, admin, role);
      const sessions = [
        await login(t.baseUrl, account.username, account.password),
        await login(t.baseUrl, account.username, account.password),
      ];
      return [account, sessions];
    }

    it('should end every login of a user whose password an admin reset', async () => {
      const [account, sessions] = await twoLogins('viewer');
      const newPassword = `${account.password}-reset`;
      const reset = await request(t.baseUrl)
        .patch(`/api/users/${account.id}`)
        .set(...bearer(admin))
        .send({ password: newPassword });
      expect(reset.status).toBe(200);

      for (const ended of sessions) {
        await expectRefusedEverywhere(ended);
        expect((await refresh(ended)).status).toBe(401);
      }
      expect(events).toEqual([{ userId: account.id, reason: 'password_changed' }]);
      expect((await me(await login(t.baseUrl, account.username, newPassword))).status).toBe(200);
    });

    it('should downgrade a demoted user on the very next request and publish role_changed', async () => {
      const [account, [session]] = await twoLogins('admin');
      expect(
        (
          await request(t.baseUrl)
            .get('/api/users')
            .set(...bearer(session))
        ).status,
      ).toBe(200);

      const demoted = await request(t.baseUrl)
        .patch(`/api/users/${account.id}`)
        .set(...bearer(admin))
        .send({ role: 'viewer' });
      expect(demoted.status).toBe(200);

      const after = await request(t.baseUrl)
        .get('/api/users')
        .set(...bearer(session));
      expect(after.status).toBe(403);
      expect((await me(session)).body).toMatchObject({ role: 'viewer', scopes: ['rover:view'] });
      expect(events).toEqual([{ userId: account.id, reason: 'role_changed' }]);
    });

    it('should refuse a deleted user’s tokens at once and publish user_deleted', async () => {
      const [account, sessions] = await twoLogins('operator');
      const deleted = await request(t.baseUrl)
        .delete(`/api/users/${account.id}`)
        .set(...bearer(admin));
      expect(deleted.status).toBe(204);

      for (const ended of sessions) {
        expect((await me(ended)).status).toBe(401);
        expect((await refresh(ended)).status).toBe(401);
        const outcome = await connectOutcome(
          sockets.open(t.baseUrl, { auth: { token: ended.accessToken } }),
        );
        expect(outcome.connected).toBe(false);
      }
      // The e-stop deliberately still accepts them (test/rover/estop-auth.e2e-spec.ts).
      expect(events).toEqual([{ userId: account.id, reason: 'user_deleted' }]);
    });
  });

  describe('another instance on the same database', () => {
    let second: TestApp;
    let secondEvents: SessionsEnded[];

    beforeAll(async () => {
      second = await createTestApp({ db: t.db });
      secondEvents = recordSessionEvents(second);
    });
    afterAll(() => second.close());

    it('should refuse, within a few seconds, a login that was logged out through the first', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const session = await login(t.baseUrl, account.username, account.password);
      expect((await me(session, second.baseUrl)).status).toBe(200); // control

      expect((await logout(session)).status).toBe(204);
      await within(5000, async () => (await me(session, second.baseUrl)).status === 401);

      await expectRefusedEverywhere(session, second.baseUrl);
      expect(secondEvents).toContainEqual({
        userId: account.id,
        reason: 'logout',
        sessionIds: [sidOf(session)],
      });
    });

    it('should refuse, within a few seconds, the other logins of a user who changed their password on the first', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const current = await login(t.baseUrl, account.username, account.password);
      const other = await login(second.baseUrl, account.username, account.password);

      const changed = await request(t.baseUrl)
        .patch('/api/auth/me')
        .set(...bearer(current))
        .send({ currentPassword: account.password, newPassword: `${account.password}-new` });
      expect(changed.status).toBe(204);

      await within(5000, async () => (await me(other, second.baseUrl)).status === 401);
      await expectRefusedEverywhere(other, second.baseUrl);
      expect((await me(current, second.baseUrl)).status).toBe(200);
      expect(secondEvents).toContainEqual({
        userId: account.id,
        reason: 'password_changed',
        sessionIds: [sidOf(other)],
      });
    });

    it('should know, from its first request, of logins revoked before it started', async () => {
      const account = await createAccount(t.baseUrl, admin, 'viewer');
      const session = await login(t.baseUrl, account.username, account.password);
      expect((await logout(session)).status).toBe(204);

      const third = await createTestApp({ db: t.db });
      try {
        await expectRefusedEverywhere(session, third.baseUrl);
      } finally {
        await third.close();
      }
    });
  });
});
