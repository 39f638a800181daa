import {
  type JsonResponse,
  type ProcessApp,
  requestJson,
  sleep,
  spawnProcessApp,
  startProcessApp,
  tempDatabase,
  type TempDatabase,
} from '../helpers/process-app';

/*
 * The built service as production runs it (`node dist/main.js`), one child process per scenario.
 * SQLite only: what is under test is the process (config, logs, signals), not the driver.
 */
describe('boot of the built service (node dist/main.js)', () => {
  const started: ProcessApp[] = [];
  const track = (app: ProcessApp): ProcessApp => {
    started.push(app);
    return app;
  };
  afterAll(async () => {
    await Promise.all(started.map((app) => app.stop(3000)));
  });

  describe('configuration checked at boot', () => {
    it.each([
      ['JWT_SECRET is missing', { JWT_SECRET: undefined }, /JWT_SECRET/],
      ['JWT_SECRET is 20 characters', { JWT_SECRET: 'only-twenty-chars-xx' }, /JWT_SECRET/],
      ['PORT is not a number', { PORT: 'abc' }, /PORT/],
    ])(
      'should exit non-zero within 5 s and name the variable on stderr in production when %s',
      async (_case, env, variable) => {
        const app = track(await spawnProcessApp({ nodeEnv: 'production', env }));
        const exit = await app.waitForExit(5000);
        expect(exit.signal).toBeNull();
        expect(exit.code).not.toBe(0);
        expect(exit.code).not.toBeNull();
        expect(app.stderrText()).toMatch(variable);
      },
    );
  });

  describe('first boot without ADMIN_PASSWORD', () => {
    let db: TempDatabase;
    let first: ProcessApp;
    beforeAll(async () => {
      db = tempDatabase();
      first = track(await startProcessApp({ databasePath: db.path }));
    }, 30_000);
    afterAll(async () => {
      await first?.stop();
      db?.remove();
    });

    const generatedPassword = (app: ProcessApp): string | undefined =>
      app.lines.map(({ text }) => /generated password: (\S+)/.exec(text)?.[1]).find(Boolean);

    it('should print one generated admin password, once, that logs in as admin', async () => {
      const password = generatedPassword(first);
      expect(password).toBeDefined();
      expect(first.lines.filter(({ text }) => /generated password/i.test(text))).toHaveLength(1);
      expect(first.lines.filter(({ text }) => text.includes(password ?? '<none>'))).toHaveLength(1);

      const login = await requestJson(first.baseUrl, 'POST', '/api/auth/login', {
        body: { username: 'admin', password },
      });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    });

    it('should not print a password again on a second boot over the same database', async () => {
      const password = generatedPassword(first);
      await first.stop();
      const second = track(await startProcessApp({ databasePath: db.path }));
      try {
        expect(second.lines.filter(({ text }) => /generated password/i.test(text))).toEqual([]);
        expect(second.lines.filter(({ text }) => text.includes(password ?? '<none>'))).toEqual([]);
        // The account from the first boot is still the one in place.
        const login = await requestJson(second.baseUrl, 'POST', '/api/auth/login', {
          body: { username: 'admin', password },
        });
        expect(login.status).toBe(200);
      } finally {
        await second.stop();
      }
    }, 30_000);
  });

  describe('request logs', () => {
    const adminPassword = 'process-admin-password-1';
    const operatorPassword = 'operator-plain-password-2';
    const viewerPassword = 'viewer-plain-password-3';
    const changedPassword = 'changed-plain-password-4';
    const wrongPassword = 'wrong-plain-password-5';
    let app: ProcessApp;
    const responses: JsonResponse[] = [];
    const secrets: string[] = [
      adminPassword,
      operatorPassword,
      viewerPassword,
      changedPassword,
      wrongPassword,
    ];

    beforeAll(async () => {
      app = track(await startProcessApp({ env: { ADMIN_PASSWORD: adminPassword } }));
      const call = async (...args: Parameters<typeof requestJson>): Promise<JsonResponse> => {
        const res = await requestJson(...args);
        responses.push(res);
        return res;
      };
      const url = app.baseUrl;

      const admin = await call(url, 'POST', '/api/auth/login', {
        body: { username: 'admin', password: adminPassword },
      });
      const token = String(admin.body.accessToken);
      secrets.push(token, String(admin.body.refreshToken));
      const operator = await call(url, 'POST', '/api/users', {
        token,
        body: { username: 'pilot', password: operatorPassword, role: 'operator' },
      });
      await call(url, 'POST', '/api/users', {
        token,
        body: { username: 'watcher', password: viewerPassword, role: 'viewer' },
      });
      const pilot = await call(url, 'POST', '/api/auth/login', {
        body: { username: 'pilot', password: operatorPassword },
      });
      secrets.push(String(pilot.body.accessToken), String(pilot.body.refreshToken));
      await call(url, 'POST', '/api/auth/login', {
        body: { username: 'pilot', password: wrongPassword },
      });
      await call(url, 'PATCH', `/api/users/${String(operator.body.id)}`, {
        token,
        body: { password: changedPassword },
      });
      await call(url, 'GET', '/api/users', { token });
      // A token in the query string is refused, and must not reach the log through the URL either.
      await call(url, 'GET', `/api/auth/me?access_token=${token}`);
      const refreshed = await call(url, 'POST', '/api/auth/refresh', {
        body: { refreshToken: admin.body.refreshToken },
      });
      secrets.push(String(refreshed.body.accessToken), String(refreshed.body.refreshToken));
      await call(url, 'GET', '/api/navigation', {
        token,
        headers: { 'X-Request-ID': 'trace-from-proxy.42' },
      });
      await call(url, 'GET', '/api/no-such-route');
      await sleep(300); // let the last lines cross the pipe
    }, 30_000);

    it('should have exercised logins, user creation and a failed login', () => {
      expect(responses.map((r) => r.status)).toEqual([
        200, 201, 201, 200, 401, 200, 200, 401, 200, 200, 404,
      ]);
    });

    it('should never write a password hash, a plain password or a token to the log', () => {
      expect(app.lines.length).toBeGreaterThan(0);
      for (const needle of ['$argon2', 'passwordHash', ...secrets]) {
        const leaking = app.lines.filter(({ text }) => text.includes(needle));
        expect({ needle, leaking }).toEqual({ needle, leaking: [] });
      }
    });

    it('should log each request exactly once as `request completed` with its X-Request-ID', () => {
      const completed = app.jsonLogs().filter((log) => log.msg === 'request completed');
      const idOf = (log: Record<string, unknown>): unknown =>
        log.reqId ?? (log.req as { id?: unknown } | undefined)?.id;
      for (const res of responses) {
        const id = res.headers.get('x-request-id');
        expect(id).toBeTruthy();
        const lines = completed.filter((log) => idOf(log) === id);
        expect({ id, count: lines.length }).toEqual({ id, count: 1 });
        expect((lines[0].res as { statusCode?: unknown }).statusCode).toBe(res.status);
      }
      expect(responses.at(-2)?.headers.get('x-request-id')).toBe('trace-from-proxy.42');
      const ids = completed.map(idOf);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('shutdown', () => {
    it('should exit with code 0 within 5 s of SIGTERM', async () => {
      const app = track(await startProcessApp());
      const ready = await requestJson(app.baseUrl, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      app.kill('SIGTERM');
      await expect(app.waitForExit(5000)).resolves.toEqual({ code: 0, signal: null });
    }, 30_000);
  });
});
