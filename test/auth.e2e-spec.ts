import { randomUUID } from 'node:crypto';
import { AuthController } from '../src/auth/auth.controller';
import { detailFields, expectErrorEnvelope } from './helpers/auth-envelope';
import { decodeJwtPayload, decodeSegment } from './helpers/auth-jwt';
import { leakCheckedSuite } from './helpers/leak-checked-suite';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const VIEWER_SCOPES = ['rover:view'];

interface Credentials {
  id: string;
  username: string;
  password: string;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The parts of an error body that must not tell a wrong password from an unknown user. */
const comparable = (body: Record<string, unknown>): Record<string, unknown> => ({
  statusCode: body.statusCode,
  error: body.error,
  message: body.message,
  details: body.details,
});

describe(AuthController.name, () => {
  // API.md §1: never return a password or its hash. Checked on every response this file receives.
  const suite = leakCheckedSuite();
  const { http, passwords } = suite;
  let counter = 0;

  /** A fresh account per test: the login limit is 5/min per IP and username. */
  async function newUser(role: 'viewer' | 'operator' = 'viewer'): Promise<Credentials> {
    const username = `auth-${role}-${++counter}-${randomUUID().slice(0, 8)}`;
    const password = `pw-${randomUUID()}`;
    const id = await suite.createUser({ username, password, role });
    return { id, username, password };
  }

  const login = (username: string, password: string) =>
    http.post('/api/auth/login').send({ username, password });
  const refresh = (refreshToken: unknown) => http.post('/api/auth/refresh').send({ refreshToken });

  describe('POST /api/auth/login', () => {
    it('should answer 200 with a bearer pair, the lifetime in seconds and the user', async () => {
      const user = await newUser('viewer');
      const res = await login(user.username, user.password);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(
        ['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user'].sort(),
      );
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: suite.t.config.auth.accessTokenTtlSeconds,
        user: { id: user.id, username: user.username, role: 'viewer', scopes: VIEWER_SCOPES },
      });
      expect(Object.keys(res.body.user).sort()).toEqual(['id', 'role', 'scopes', 'username']);
      expect(res.body.user.id).toMatch(UUID);
      expect(typeof res.body.accessToken).toBe('string');
      expect(typeof res.body.refreshToken).toBe('string');
      expect(res.body.refreshToken).not.toBe(res.body.accessToken);
    });

    it('should issue an HS256 access token whose lifetime matches expiresIn (seconds) and that carries iss and aud', async () => {
      const user = await newUser('viewer');
      const res = await login(user.username, user.password);
      expect(res.status).toBe(200);
      const [header] = String(res.body.accessToken).split('.');
      expect(decodeSegment(header)).toMatchObject({ alg: 'HS256' });
      const claims = decodeJwtPayload(res.body.accessToken);
      expect(claims).toMatchObject({
        sub: user.id,
        iss: suite.t.config.auth.issuer,
        aud: suite.t.config.auth.audience,
      });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(res.body.expiresIn);
      expect(res.body.expiresIn).toBe(30 * 60); // ACCESS_TOKEN_EXPIRE_MINUTES defaults to 30
    });

    it('should let the access token it issues open a closed route', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const me = await http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${session.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(user.username);
    });

    // Each row has a different username so the per-username login limit never kicks in first.
    const malformed: [string, Record<string, unknown>, string][] = [
      ['no fields at all', {}, 'username'],
      ['a missing password', { username: 'auth-missing-pw' }, 'password'],
      ['a missing username', { password: 'whatever-password' }, 'username'],
      ['a numeric username', { username: 12345, password: 'whatever-password' }, 'username'],
      ['an empty password', { username: 'auth-empty-pw', password: '' }, 'password'],
      [
        'a password that is an object',
        { username: 'auth-obj-pw', password: { $ne: '' } },
        'password',
      ],
      ['an over-long username', { username: 'a'.repeat(65), password: 'whatever' }, 'username'],
      [
        'an unknown field',
        { username: 'auth-extra', password: 'whatever-password', role: 'admin' },
        'role',
      ],
    ];
    it.each(malformed)(
      'should answer 400 validation_failed with details for %s',
      async (_label, body, field) => {
        const res = await http.post('/api/auth/login').send(body);
        expect(res.status).toBe(400);
        expectErrorEnvelope(res.body, 400, 'validation_failed', '/api/auth/login');
        expect(Array.isArray(res.body.details)).toBe(true);
        const fields = (res.body.details as { field: string; messages: string[] }[]).map(
          (d) => d.field,
        );
        expect(fields).toContain(field);
        for (const detail of res.body.details as { field: string; messages: unknown[] }[]) {
          expect(detail.messages.length).toBeGreaterThan(0);
          expect(detail.messages.every((m) => typeof m === 'string')).toBe(true);
        }
      },
    );

    it('should answer 400 for a body that is not JSON', async () => {
      const res = await http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username": "auth-broken", ');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, path: '/api/auth/login' });
    });

    it('should answer a wrong password and an unknown user with the same 401 body', async () => {
      const user = await newUser('viewer');
      const wrongPassword = await login(user.username, `${user.password}-nope`);
      const unknownUser = await login(`ghost-${randomUUID().slice(0, 8)}`, user.password);
      expect(wrongPassword.status).toBe(401);
      expect(unknownUser.status).toBe(401);
      expectErrorEnvelope(wrongPassword.body, 401, 'unauthorized', '/api/auth/login');
      expectErrorEnvelope(unknownUser.body, 401, 'unauthorized', '/api/auth/login');
      expect(comparable(wrongPassword.body)).toEqual(comparable(unknownUser.body));
      expect(wrongPassword.headers['www-authenticate']).toBe(
        unknownUser.headers['www-authenticate'],
      );
    });

    it('should take about as long to refuse an unknown user as a wrong password', async () => {
      // Two real accounts so no username reaches the 5/min login limit (warm-up + 5 tries).
      const real = [await newUser('viewer'), await newUser('viewer')];
      const timeLogin = async (username: string, password: string): Promise<number> => {
        const started = process.hrtime.bigint();
        const res = await login(username, password);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        expect(res.status).toBe(401);
        return elapsed;
      };
      // Warm-up: the first unknown-user check may build its decoy hash; do not time that.
      await timeLogin(`ghost-warm-${randomUUID().slice(0, 8)}`, 'whatever-password');
      await timeLogin(real[0].username, 'wrong-password-warmup');

      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        const target = real[i % 2];
        const ghost = `ghost-${i}-${randomUUID().slice(0, 8)}`;
        // Alternate the order so drift (GC, a busy CI box) does not favour one side.
        if (i % 2 === 0) {
          wrong.push(await timeLogin(target.username, `wrong-password-${i}`));
          unknown.push(await timeLogin(ghost, `wrong-password-${i}`));
        } else {
          unknown.push(await timeLogin(ghost, `wrong-password-${i}`));
          wrong.push(await timeLogin(target.username, `wrong-password-${i}`));
        }
      }
      const ratio = median(unknown) / median(wrong);
      // The whole sample goes into the failure message, so a flaky box can be told from a leak.
      expect({
        withinHalfToDouble: ratio >= 0.5 && ratio <= 2,
        ratio,
        wrong,
        unknown,
      }).toMatchObject({ withinHalfToDouble: true });
    });
  });

  describe('POST /api/auth/token (OAuth2 password grant)', () => {
    it('should answer a form-encoded password grant with the OAuth2 token response', async () => {
      const user = await newUser('operator');
      const res = await http
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: user.username, password: user.password });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(
        ['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type'].sort(),
      );
      expect(String(res.body.token_type).toLowerCase()).toBe('bearer');
      expect(res.body.expires_in).toBe(suite.t.config.auth.accessTokenTtlSeconds);
      expect(String(res.body.scope).split(' ').sort()).toEqual(
        ['arduino:upload', 'rover:control', 'rover:view'].sort(),
      );
      const me = await http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${res.body.access_token}`);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, role: 'operator' });
      const refreshed = await refresh(res.body.refresh_token);
      expect(refreshed.status).toBe(200);
    });

    it('should accept the extra fields OAuth2 clients send (scope, client_id, client_secret)', async () => {
      const user = await newUser('viewer');
      const res = await http.post('/api/auth/token').type('form').send({
        grant_type: 'password',
        username: user.username,
        password: user.password,
        scope: '',
        client_id: '',
        client_secret: '',
      });
      expect(res.status).toBe(200);
      expect(res.body.scope).toBe('rover:view');
    });

    it('should answer 400 with details for a grant_type other than password, and issue nothing', async () => {
      const user = await newUser('viewer');
      const res = await http.post('/api/auth/token').type('form').send({
        grant_type: 'client_credentials',
        username: user.username,
        password: user.password,
      });
      expect(res.status).toBe(400);
      expectErrorEnvelope(res.body, 400, 'validation_failed', '/api/auth/token');
      expect(detailFields(res.body)).toContain('grant_type');
      expect(res.body.access_token).toBeUndefined();
    });

    it('should answer 400 when grant_type is missing', async () => {
      const user = await newUser('viewer');
      const res = await http
        .post('/api/auth/token')
        .type('form')
        .send({ username: user.username, password: user.password });
      expect(res.status).toBe(400);
      expect(detailFields(res.body)).toContain('grant_type');
    });

    it('should answer 401 for wrong credentials in a password grant', async () => {
      const user = await newUser('viewer');
      const res = await http
        .post('/api/auth/token')
        .type('form')
        .send({ grant_type: 'password', username: user.username, password: 'not-the-password' });
      expect(res.status).toBe(401);
      expectErrorEnvelope(res.body, 401, 'unauthorized', '/api/auth/token');
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('should rotate: a new pair, and the spent refresh token is refused', async () => {
      const user = await newUser('viewer');
      const first = await login(user.username, user.password);
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: suite.t.config.auth.accessTokenTtlSeconds,
        user: { id: user.id, username: user.username, role: 'viewer', scopes: VIEWER_SCOPES },
      });
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
      expect(typeof second.body.accessToken).toBe('string');
      const me = await http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${second.body.accessToken}`);
      expect(me.status).toBe(200);

      const again = await refresh(first.body.refreshToken);
      expect(again.status).toBe(401);
      expectErrorEnvelope(again.body, 401, 'unauthorized', '/api/auth/refresh');
    });

    it('should revoke the whole login when a spent refresh token is replayed', async () => {
      const user = await newUser('viewer');
      const first = await login(user.username, user.password);
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      const third = await refresh(second.body.refreshToken);
      expect(third.status).toBe(200);

      // The thief (or a confused client) replays the first, long-spent token.
      const replay = await refresh(first.body.refreshToken);
      expect(replay.status).toBe(401);

      // The newest token of that login, never used, is now dead too.
      const newest = await refresh(third.body.refreshToken);
      expect(newest.status).toBe(401);
      expectErrorEnvelope(newest.body, 401, 'unauthorized', '/api/auth/refresh');
    });

    it('should answer 401 for a refresh token that was never issued and 400 for none at all', async () => {
      const forged = await http
        .post('/api/auth/refresh')
        .send({ refreshToken: `${randomUUID()}.${'A'.repeat(43)}` });
      expect(forged.status).toBe(401);
      expectErrorEnvelope(forged.body, 401, 'unauthorized', '/api/auth/refresh');
      const missing = await http.post('/api/auth/refresh').send({});
      expect(missing.status).toBe(400);
      expect(detailFields(missing.body)).toContain('refreshToken');
    });

    it('should refuse an access token presented as a refresh token', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const res = await refresh(session.body.accessToken);
      expect([400, 401]).toContain(res.status);
      expect(res.body.accessToken).toBeUndefined();
    });
  });

  describe('POST /api/auth/logout', () => {
    it('should revoke the login so that its refresh token is refused afterwards', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const out = await http
        .post('/api/auth/logout')
        .set('Authorization', `Bearer ${session.body.accessToken}`)
        .send({ refreshToken: session.body.refreshToken });
      expect(out.status).toBeGreaterThanOrEqual(200);
      expect(out.status).toBeLessThan(300);
      const refreshed = await refresh(session.body.refreshToken);
      expect(refreshed.status).toBe(401);
      expectErrorEnvelope(refreshed.body, 401, 'unauthorized', '/api/auth/refresh');
    });

    it('should need the bearer token', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const out = await http
        .post('/api/auth/logout')
        .send({ refreshToken: session.body.refreshToken });
      expect(out.status).toBe(401);
      // and the login it named is still alive
      const refreshed = await refresh(session.body.refreshToken);
      expect(refreshed.status).toBe(200);
    });

    it("should not let one user log another user's session out", async () => {
      const victim = await newUser('viewer');
      const attacker = await newUser('viewer');
      const victimSession = await login(victim.username, victim.password);
      const attackerSession = await login(attacker.username, attacker.password);
      await http
        .post('/api/auth/logout')
        .set('Authorization', `Bearer ${attackerSession.body.accessToken}`)
        .send({ refreshToken: victimSession.body.refreshToken });
      const refreshed = await refresh(victimSession.body.refreshToken);
      expect(refreshed.status).toBe(200);
    });
  });

  describe('GET /api/auth/me', () => {
    it('should describe the caller: id, username, role and scopes', async () => {
      const res = await http
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${suite.admin.accessToken}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: suite.admin.user.id,
        username: 'admin',
        role: 'admin',
        scopes: expect.arrayContaining([
          'rover:view',
          'rover:control',
          'arduino:upload',
          'system:admin',
        ]),
      });
      expect(res.body.scopes).toHaveLength(4);
    });

    it('should answer 401 in the envelope without a token', async () => {
      const res = await http.get('/api/auth/me');
      expect(res.status).toBe(401);
      expectErrorEnvelope(res.body, 401, 'unauthorized', '/api/auth/me');
    });
  });

  describe('PATCH /api/auth/me', () => {
    it('should change the own password: the old one stops working, the new one works', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const newPassword = `new-${randomUUID()}`;
      passwords.push(newPassword);
      const res = await http
        .patch('/api/auth/me')
        .set('Authorization', `Bearer ${session.body.accessToken}`)
        .send({ currentPassword: user.password, newPassword });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      expect((await login(user.username, user.password)).status).toBe(401);
      const fresh = await login(user.username, newPassword);
      expect(fresh.status).toBe(200);
    });

    it('should refuse a password change with a wrong current password and keep the old one', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const res = await http
        .patch('/api/auth/me')
        .set('Authorization', `Bearer ${session.body.accessToken}`)
        .send({ currentPassword: 'definitely-not-it', newPassword: `new-${randomUUID()}` });
      expect(res.status).toBe(400);
      expectErrorEnvelope(res.body, 400, 'validation_failed', '/api/auth/me');
      expect((await login(user.username, user.password)).status).toBe(200);
    });

    it('should answer 400 to { role: "admin" } and change nothing', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const auth = `Bearer ${session.body.accessToken}`;

      const roleOnly = await http.patch('/api/auth/me').set('Authorization', auth).send({
        role: 'admin',
      });
      expect(roleOnly.status).toBe(400);
      expectErrorEnvelope(roleOnly.body, 400, 'validation_failed', '/api/auth/me');
      expect(detailFields(roleOnly.body)).toContain('role');

      // Smuggled next to a valid password change: the whole request is refused.
      const newPassword = `new-${randomUUID()}`;
      const smuggled = await http
        .patch('/api/auth/me')
        .set('Authorization', auth)
        .send({ currentPassword: user.password, newPassword, role: 'admin' });
      expect(smuggled.status).toBe(400);

      const me = await http.get('/api/auth/me').set('Authorization', auth);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ role: 'viewer', scopes: VIEWER_SCOPES });
      const asAdmin = await http
        .get(`/api/users/${user.id}`)
        .set('Authorization', `Bearer ${suite.admin.accessToken}`);
      expect(asAdmin.body.role).toBe('viewer');
      // Neither was the password changed.
      expect((await login(user.username, user.password)).status).toBe(200);
      expect((await login(user.username, newPassword)).status).toBe(401);
      // And the viewer still cannot reach an admin route.
      const users = await http.get('/api/users').set('Authorization', auth);
      expect(users.status).toBe(403);
    });

    it('should refuse a new password shorter than the minimum', async () => {
      const user = await newUser('viewer');
      const session = await login(user.username, user.password);
      const res = await http
        .patch('/api/auth/me')
        .set('Authorization', `Bearer ${session.body.accessToken}`)
        .send({ currentPassword: user.password, newPassword: 'short' });
      expect(res.status).toBe(400);
      expect(detailFields(res.body)).toContain('newPassword');
    });
  });
});
