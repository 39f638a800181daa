import { randomUUID } from 'node:crypto';
import { UsersController } from '../src/users/users.controller';
import type { Session } from './helpers/auth';
import { detailFields, expectErrorEnvelope } from './helpers/auth-envelope';
import type { RecordingClient } from './helpers/auth-secret-leaks';
import { leakCheckedSuite } from './helpers/leak-checked-suite';

type Role = 'viewer' | 'operator' | 'admin';

interface Account {
  id: string;
  username: string;
  password: string;
  role: Role;
  session: Session;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SCOPES: Record<Role, string[]> = {
  viewer: ['rover:view'],
  operator: ['rover:view', 'rover:control', 'arduino:upload'],
  admin: ['rover:view', 'rover:control', 'arduino:upload', 'system:admin'],
};

const navigationBody = (name: string) => ({
  name,
  algorithm: 'rrt',
  maxSpeed: 0.5,
  goalTolerance: 0.1,
  waypoints: [],
  enabled: true,
});

describe(UsersController.name, () => {
  // API.md §1: never return a password hash. Checked on every response this file receives.
  const suite = leakCheckedSuite();
  const { http, passwords } = suite;
  let counter = 0;

  const asAdmin = (req: ReturnType<RecordingClient['get']>) =>
    req.set('Authorization', `Bearer ${suite.admin.accessToken}`);
  const withToken = (session: Session) => (req: ReturnType<RecordingClient['get']>) =>
    req.set('Authorization', `Bearer ${session.accessToken}`);

  async function createAccount(role: Role): Promise<Account> {
    const username = `user-${role}-${++counter}-${randomUUID().slice(0, 6)}`;
    const password = `secret-${randomUUID()}`;
    const id = await suite.createUser({ username, password, role });
    const login = await http.post('/api/auth/login').send({ username, password });
    expect(login.status).toBe(200);
    return { id, username, password, role, session: login.body as Session };
  }

  describe('creating users', () => {
    it.each<Role>(['operator', 'viewer'])(
      'should let an admin create a user with role %s (201) and return no password or hash',
      async (role) => {
        const username = `new-${role}-${randomUUID().slice(0, 6)}`;
        const password = `secret-${randomUUID()}`;
        passwords.push(password);
        const res = await asAdmin(http.post('/api/users')).send({ username, password, role });
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.stringMatching(UUID_V4),
          username,
          role,
          scopes: SCOPES[role],
          createdAt: expect.stringMatching(ISO_UTC),
          updatedAt: expect.stringMatching(ISO_UTC),
        });
        const fetched = await asAdmin(http.get(`/api/users/${res.body.id}`));
        expect(fetched.status).toBe(200);
        expect(fetched.body).toEqual(res.body);
        // The stored password works, i.e. it was hashed, not mangled.
        const login = await http.post('/api/auth/login').send({ username, password });
        expect(login.status).toBe(200);
        expect(login.body.user.role).toBe(role);
      },
    );

    it('should answer 409 conflict for a duplicate username and keep the first account', async () => {
      const first = await createAccount('viewer');
      const res = await asAdmin(http.post('/api/users')).send({
        username: first.username,
        password: `other-${randomUUID()}`,
        role: 'admin',
      });
      expect(res.status).toBe(409);
      expectErrorEnvelope(res.body, 409, 'conflict');
      const kept = await asAdmin(http.get(`/api/users/${first.id}`));
      expect(kept.body.role).toBe('viewer');
      const login = await http
        .post('/api/auth/login')
        .send({ username: first.username, password: first.password });
      expect(login.status).toBe(200);
    });

    it('should answer 400 with details for an invalid role, short password or unknown field', async () => {
      const bad: Record<string, unknown>[] = [
        { username: 'bad-role', password: 'long-enough-password', role: 'root' },
        { username: 'short-pw', password: 'short', role: 'viewer' },
        { username: 'extra-field', password: 'long-enough-password', role: 'viewer', admin: true },
        {
          username: 'has-hash',
          password: 'long-enough-password',
          role: 'viewer',
          passwordHash: 'x',
        },
      ];
      for (const body of bad) {
        const res = await asAdmin(http.post('/api/users')).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectErrorEnvelope(res.body, 400, 'validation_failed');
        expect(Array.isArray(res.body.details)).toBe(true);
      }
      const list = await asAdmin(http.get('/api/users?limit=100'));
      const names = (list.body.items as { username: string }[]).map((u) => u.username);
      for (const name of ['bad-role', 'short-pw', 'extra-field', 'has-hash']) {
        expect(names).not.toContain(name);
      }
    });
  });

  describe('listing users', () => {
    it('should answer the paginated envelope { items, total, page, limit }', async () => {
      await createAccount('viewer');
      await createAccount('operator');
      const all = await asAdmin(http.get('/api/users'));
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['items', 'limit', 'page', 'total']);
      expect(all.body).toMatchObject({ page: 1, limit: 50 });
      expect(all.body.total).toBeGreaterThanOrEqual(3);
      expect(all.body.items).toHaveLength(Math.min(all.body.total, 50));
      const usernames = (all.body.items as { username: string }[]).map((u) => u.username);
      expect(usernames).toContain('admin');

      const pageOne = await asAdmin(http.get('/api/users?page=1&limit=2'));
      const pageTwo = await asAdmin(http.get('/api/users?page=2&limit=2'));
      expect(pageOne.body).toMatchObject({ page: 1, limit: 2, total: all.body.total });
      expect(pageTwo.body).toMatchObject({ page: 2, limit: 2, total: all.body.total });
      expect(pageOne.body.items).toHaveLength(2);
      const ids = [...pageOne.body.items, ...pageTwo.body.items].map((u: { id: string }) => u.id);
      expect(new Set(ids).size).toBe(ids.length); // pages do not overlap

      const beyond = await asAdmin(http.get('/api/users?page=1000&limit=100'));
      expect(beyond.status).toBe(200);
      expect(beyond.body.items).toEqual([]);
      expect(beyond.body.total).toBe(all.body.total);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['page=-3', 'page'],
    ])('should answer 400 with details for ?%s', async (query, field) => {
      const res = await asAdmin(http.get(`/api/users?${query}`));
      expect(res.status).toBe(400);
      expectErrorEnvelope(res.body, 400, 'validation_failed');
      expect(detailFields(res.body)).toContain(field);
    });

    it('should accept the bounds limit=1 and limit=100', async () => {
      expect((await asAdmin(http.get('/api/users?limit=1'))).status).toBe(200);
      expect((await asAdmin(http.get('/api/users?limit=100'))).status).toBe(200);
    });
  });

  describe('scope system:admin', () => {
    it.each<Role>(['viewer', 'operator'])(
      'should answer 403 to a %s on every /api/users route and change nothing',
      async (role) => {
        const caller = await createAccount(role);
        const target = await createAccount('viewer');
        const call = withToken(caller.session);
        const attempts = [
          call(http.get('/api/users')),
          call(http.post('/api/users')).send({
            username: `sneaky-${role}`,
            password: 'long-enough-password',
            role: 'admin',
          }),
          call(http.get(`/api/users/${target.id}`)),
          call(http.patch(`/api/users/${target.id}`)).send({ role: 'admin' }),
          call(http.patch(`/api/users/${caller.id}`)).send({ role: 'admin' }),
          call(http.delete(`/api/users/${target.id}`)),
        ];
        for (const attempt of attempts) {
          const res = await attempt;
          expect(res.status).toBe(403);
          expectErrorEnvelope(res.body, 403, 'forbidden');
        }
        const list = await asAdmin(http.get('/api/users?limit=100'));
        const byName = new Map(
          (list.body.items as { username: string; role: string }[]).map((u) => [u.username, u]),
        );
        expect(byName.has(`sneaky-${role}`)).toBe(false);
        expect(byName.get(target.username)?.role).toBe('viewer');
        expect(byName.get(caller.username)?.role).toBe(role);
      },
    );
  });

  describe('updating users', () => {
    it('should let an admin change another user role and password', async () => {
      const user = await createAccount('viewer');
      const newPassword = `changed-${randomUUID()}`;
      passwords.push(newPassword);
      const res = await asAdmin(http.patch(`/api/users/${user.id}`)).send({
        role: 'operator',
        password: newPassword,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, role: 'operator', scopes: SCOPES.operator });
      const oldLogin = await http
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password });
      expect(oldLogin.status).toBe(401);
      const newLogin = await http
        .post('/api/auth/login')
        .send({ username: user.username, password: newPassword });
      expect(newLogin.status).toBe(200);
    });

    it('should answer 400 to an admin PATCHing their own role and keep it', async () => {
      for (const role of ['operator', 'viewer', 'admin'] as const) {
        const res = await asAdmin(http.patch(`/api/users/${suite.admin.user.id}`)).send({ role });
        if (role === 'admin') {
          // Setting the role one already has changes nothing; either answer is harmless.
          expect([200, 400]).toContain(res.status);
          continue;
        }
        expect({ role, status: res.status }).toEqual({ role, status: 400 });
        expectErrorEnvelope(res.body, 400, 'validation_failed');
      }
      const me = await withToken(suite.admin)(http.get('/api/auth/me'));
      expect(me.body.role).toBe('admin');
      const self = await asAdmin(http.get(`/api/users/${suite.admin.user.id}`));
      expect(self.body).toMatchObject({ role: 'admin', scopes: SCOPES.admin });
    });

    it('should not let a second admin change their own role either', async () => {
      const second = await createAccount('admin');
      const res = await withToken(second.session)(http.patch(`/api/users/${second.id}`)).send({
        role: 'viewer',
      });
      expect(res.status).toBe(400);
      const after = await asAdmin(http.get(`/api/users/${second.id}`));
      expect(after.body.role).toBe('admin');
    });

    it('should answer 400 to an unknown field in PATCH and change nothing at all', async () => {
      const user = await createAccount('operator');
      const before = await asAdmin(http.get(`/api/users/${user.id}`));
      const newPassword = `smuggled-${randomUUID()}`;
      const res = await asAdmin(http.patch(`/api/users/${user.id}`)).send({
        role: 'viewer',
        password: newPassword,
        username: 'renamed-user',
      });
      expect(res.status).toBe(400);
      expectErrorEnvelope(res.body, 400, 'validation_failed');
      expect(detailFields(res.body)).toContain('username');

      const other = await asAdmin(http.patch(`/api/users/${user.id}`)).send({
        role: 'viewer',
        isSuperuser: true,
      });
      expect(other.status).toBe(400);

      const after = await asAdmin(http.get(`/api/users/${user.id}`));
      expect(after.body).toEqual(before.body);
      expect(
        (
          await http
            .post('/api/auth/login')
            .send({ username: user.username, password: user.password })
        ).status,
      ).toBe(200);
    });

    it('should answer 400 to a null role or an invalid role', async () => {
      const user = await createAccount('viewer');
      for (const role of [null, 'superadmin', 1]) {
        const res = await asAdmin(http.patch(`/api/users/${user.id}`)).send({ role });
        expect({ role, status: res.status }).toEqual({ role, status: 400 });
      }
      expect((await asAdmin(http.get(`/api/users/${user.id}`))).body.role).toBe('viewer');
    });
  });

  describe('deleting users', () => {
    it('should answer 409 when an admin deletes their own account, and keep it', async () => {
      const res = await asAdmin(http.delete(`/api/users/${suite.admin.user.id}`));
      expect(res.status).toBe(409);
      expectErrorEnvelope(res.body, 409, 'conflict');
      const still = await asAdmin(http.get(`/api/users/${suite.admin.user.id}`));
      expect(still.status).toBe(200);
    });

    it('should delete another user (204), then answer 404 for them', async () => {
      const user = await createAccount('viewer');
      const res = await asAdmin(http.delete(`/api/users/${user.id}`));
      expect(res.status).toBe(204);
      const gone = await asAdmin(http.get(`/api/users/${user.id}`));
      expect(gone.status).toBe(404);
      const login = await http
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password });
      expect(login.status).toBe(401);
    });
  });

  describe('ids', () => {
    /** The route by `method`; a PATCH carries a valid body, so only the id can be refused. */
    const byMethod = (method: string, path: string) =>
      method === 'GET'
        ? http.get(path)
        : method === 'PATCH'
          ? http.patch(path).send({ role: 'viewer' })
          : http.delete(path);

    it.each([
      ['GET', 'not-a-uuid'],
      ['PATCH', 'not-a-uuid'],
      ['DELETE', 'not-a-uuid'],
      ['GET', '123'],
      ['GET', '3f0e9a52-1c1b-1c55-8a4a-3b8f2f7c9d10'], // a UUID, but version 1
    ])('should answer 400 validation_failed to %s /api/users/%s', async (method, id) => {
      const res = await asAdmin(byMethod(method, `/api/users/${id}`));
      expect(res.status).toBe(400);
      expectErrorEnvelope(res.body, 400, 'validation_failed');
    });

    it.each(['GET', 'PATCH', 'DELETE'])(
      'should answer 404 not_found in the envelope to %s on an unknown uuid',
      async (method) => {
        const id = randomUUID();
        const path = `/api/users/${id}`;
        const res = await asAdmin(byMethod(method, path));
        expect(res.status).toBe(404);
        expectErrorEnvelope(res.body, 404, 'not_found');
        expect(res.body.path).toBe(path);
      },
    );
  });

  describe('role changes and existing tokens', () => {
    it('should apply a demotion to the user existing token at once', async () => {
      const operator = await createAccount('operator');
      const write = () =>
        withToken(operator.session)(http.post('/api/navigation')).send(
          navigationBody(`demotion-${randomUUID()}`),
        );
      expect((await write()).status).toBe(201);

      const demoted = await asAdmin(http.patch(`/api/users/${operator.id}`)).send({
        role: 'viewer',
      });
      expect(demoted.status).toBe(200);

      // The same access token, issued while they were an operator:
      const refused = await write();
      expect(refused.status).toBe(403);
      expectErrorEnvelope(refused.body, 403, 'forbidden');
      const me = await withToken(operator.session)(http.get('/api/auth/me'));
      expect(me.body).toMatchObject({ role: 'viewer', scopes: SCOPES.viewer });
      // What a viewer may still do, it still may.
      expect((await withToken(operator.session)(http.get('/api/navigation'))).status).toBe(200);
    });

    it('should apply a demotion from admin to the existing token at once', async () => {
      const second = await createAccount('admin');
      expect((await withToken(second.session)(http.get('/api/users'))).status).toBe(200);
      const demoted = await asAdmin(http.patch(`/api/users/${second.id}`)).send({
        role: 'operator',
      });
      expect(demoted.status).toBe(200);
      expect((await withToken(second.session)(http.get('/api/users'))).status).toBe(403);
    });
  });
});
