import request, { type Response } from 'supertest';
import { DataSource } from 'typeorm';
import { type CatalogApp, startCatalogApp } from './helpers/catalog-app';
import { type ErrorEnvelope, expectErrorEnvelope } from './helpers/catalog-envelope';
import {
  api,
  type CatalogRecord,
  createRecord,
  etagOf,
  NAVIGATION_PATH,
  navigationBody,
  UNKNOWN_V4_ID,
  uniqueTag,
} from './helpers/catalog-fixtures';
import { createTestApp, type TestApp } from './helpers/create-test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENVELOPE_KEYS = ['error', 'message', 'path', 'requestId', 'statusCode', 'timestamp'];
const ALLOWED_ORIGIN = 'http://allowed.example';
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

function expectProcessTime(res: Response): void {
  const header = res.headers['x-process-time'] as string | undefined;
  expect(header).toMatch(/^\d+(\.\d+)?$/);
  expect(Number(header)).toBeGreaterThanOrEqual(0);
  expect(Number(header)).toBeLessThan(60_000);
}

describe('HTTP conventions (e2e, API.md §0 and §9)', () => {
  let app: CatalogApp;
  let record: CatalogRecord;
  beforeAll(async () => {
    app = await startCatalogApp();
    record = await createRecord(operator(), NAVIGATION_PATH, navigationBody());
  });
  afterAll(() => app.t.close());

  const operator = () => api(app.baseUrl, app.operator);
  const viewer = () => api(app.baseUrl, app.viewer);
  const anonymous = () => api(app.baseUrl);

  describe('error envelope', () => {
    const cases: {
      status: number;
      error: string;
      path: () => string;
      send: () => Promise<Response>;
    }[] = [
      {
        status: 400,
        error: 'validation_failed',
        path: () => NAVIGATION_PATH,
        send: () => operator().get(`${NAVIGATION_PATH}?limit=1000&page=1`),
      },
      {
        status: 401,
        error: 'unauthorized',
        path: () => NAVIGATION_PATH,
        send: () => anonymous().get(`${NAVIGATION_PATH}?page=1`),
      },
      {
        status: 403,
        error: 'forbidden',
        path: () => NAVIGATION_PATH,
        send: () => viewer().post(`${NAVIGATION_PATH}?dryRun=1`).send(navigationBody()),
      },
      {
        status: 404,
        error: 'not_found',
        path: () => `${NAVIGATION_PATH}/${UNKNOWN_V4_ID}`,
        send: () => operator().get(`${NAVIGATION_PATH}/${UNKNOWN_V4_ID}?expand=all`),
      },
      {
        status: 409,
        error: 'conflict',
        path: () => NAVIGATION_PATH,
        send: () =>
          operator()
            .post(NAVIGATION_PATH)
            .send(navigationBody({ name: record.name })),
      },
      {
        status: 412,
        error: 'precondition_failed',
        path: () => `${NAVIGATION_PATH}/${record.id}`,
        send: () =>
          operator()
            .patch(`${NAVIGATION_PATH}/${record.id}?x=1`)
            .set('If-Match', etagOf({ id: record.id, version: record.version + 7 }))
            .send({ enabled: false }),
      },
      {
        status: 413,
        error: 'payload_too_large',
        path: () => NAVIGATION_PATH,
        send: () =>
          operator()
            .post(`${NAVIGATION_PATH}?big=1`)
            .send(navigationBody({ description: 'x'.repeat(2 * 1024 * 1024) })),
      },
    ];

    it.each(cases)(
      'should answer a $status with the envelope: code $error, path without query, ISO timestamp, requestId = X-Request-ID',
      async ({ status, error, path, send }) => {
        const res = await send();
        const body = expectErrorEnvelope(res, status, error, path());
        const keys = Object.keys(body).filter((k) => k !== 'details');
        expect(keys.sort()).toEqual(ENVELOPE_KEYS);
        expectProcessTime(res);
      },
    );

    it('should add details [{ field, messages }] to a 400 validation_failed', async () => {
      const res = await operator()
        .post(NAVIGATION_PATH)
        .send(navigationBody({ maxSpeed: 99, algorithm: 'warp' }));
      const body = expectErrorEnvelope(res, 400, 'validation_failed');
      expect(body.details).toEqual(
        expect.arrayContaining([
          { field: 'maxSpeed', messages: [expect.any(String)] as unknown },
          { field: 'algorithm', messages: [expect.any(String)] as unknown },
        ]),
      );
    });

    it('should answer a 401 for a malformed bearer token in the envelope', async () => {
      const res = await request(app.baseUrl)
        .get(NAVIGATION_PATH)
        .set('Authorization', 'Bearer not.a.jwt');
      expectErrorEnvelope(res, 401, 'unauthorized');
    });

    it('should answer a 429 rate_limited with Retry-After in the envelope after too many logins', async () => {
      const username = `nobody-${uniqueTag()}`;
      const attempts: Response[] = [];
      for (let i = 0; i < 7; i++) {
        attempts.push(
          await request(app.baseUrl)
            .post('/api/auth/login?attempt=1')
            .send({ username, password: 'wrong-password-123' }),
        );
      }
      expectErrorEnvelope(attempts[0], 401, 'unauthorized', '/api/auth/login');
      const limited = attempts[attempts.length - 1];
      expectErrorEnvelope(limited, 429, 'rate_limited', '/api/auth/login');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expectProcessTime(limited);
    });
  });

  describe('X-Request-ID and X-Process-Time', () => {
    it('should put both headers on every kind of response', async () => {
      const created = await operator().post(NAVIGATION_PATH).send(navigationBody());
      const responses = [
        await request(app.baseUrl).get('/health/live'),
        created,
        await operator().get(`${NAVIGATION_PATH}/${(created.body as CatalogRecord).id}`),
        await operator().delete(`${NAVIGATION_PATH}/${(created.body as CatalogRecord).id}`),
        await anonymous().get(NAVIGATION_PATH),
        await request(app.baseUrl).post('/nothing'),
        await request(app.baseUrl).get('/docs-json'),
        await request(app.baseUrl).get('/metrics'),
        await operator()
          .post(NAVIGATION_PATH)
          .set('Content-Type', 'application/json')
          .send('{"broken'),
      ];
      expect(responses.map((r) => r.status)).toEqual([200, 201, 200, 204, 401, 404, 200, 200, 400]);
      for (const res of responses) {
        expect(res.headers['x-request-id']).toMatch(UUID);
        expectProcessTime(res);
      }
    });

    it('should give each request its own id when none is sent', async () => {
      const a = await request(app.baseUrl).get('/health/live');
      const b = await request(app.baseUrl).get('/health/live');
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });

    it.each(['abc-123', 'trace.0af7651916cd43dd:8448eb211c80319c', 'req_42'])(
      'should echo the sane incoming id %s, also as requestId in an error envelope',
      async (id) => {
        const ok = await request(app.baseUrl).get('/health/live').set('X-Request-ID', id);
        expect(ok.headers['x-request-id']).toBe(id);

        const failed = await anonymous().get(NAVIGATION_PATH).set('X-Request-ID', id);
        expect(failed.headers['x-request-id']).toBe(id);
        expect((failed.body as ErrorEnvelope).requestId).toBe(id);
      },
    );

    it.each([
      ['200 characters', 'a'.repeat(200)],
      ['markup', '<script>alert(1)</script>'],
      ['spaces', 'abc 123'],
      ['quotes and semicolons', '";drop table x;--'],
    ])('should replace an incoming id with %s by a fresh UUID', async (_label, id) => {
      const res = await anonymous().get(NAVIGATION_PATH).set('X-Request-ID', id);
      const assigned = res.headers['x-request-id'];
      expect(assigned).not.toBe(id);
      expect(assigned).toMatch(UUID);
      expect((res.body as ErrorEnvelope).requestId).toBe(assigned);
      expect(res.text).not.toContain(id);
    });
  });

  describe('security headers', () => {
    it.each(['/health/live', NAVIGATION_PATH, '/nothing'])(
      'should send helmet headers on %s and no X-Powered-By',
      async (url) => {
        const res = await request(app.baseUrl).get(url);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
      },
    );
  });

  describe('unknown paths', () => {
    it.each<['GET' | 'POST' | 'DELETE', string]>([
      ['GET', '/api/nothing'],
      ['GET', '/api/navigation/extra/segments'],
      ['POST', '/nothing'],
      ['GET', '/nothing.html'],
      ['DELETE', '/health'],
    ])('should answer %s %s with a 404 JSON envelope, not HTML', async (method, url) => {
      const agent = request(app.baseUrl);
      const send = { GET: agent.get, POST: agent.post, DELETE: agent.delete }[method];
      const res = await send.call(agent, `${url}?q=1`).set('Accept', 'text/html');
      expectErrorEnvelope(res, 404, 'not_found', url);
      expect(res.text).not.toMatch(/<html|<!doctype|<pre>/i);
      expectProcessTime(res);
    });

    it('should answer an unknown /api path with 404 even with a valid token', async () => {
      const res = await operator().get('/api/nothing');
      expectErrorEnvelope(res, 404, 'not_found', '/api/nothing');
    });
  });

  describe('health', () => {
    it('should answer /health with 200 JSON and the database up, without a token', async () => {
      // The simulated rover link comes up a moment after boot, and /health includes it.
      let res = await request(app.baseUrl).get('/health');
      for (let i = 0; i < 25 && res.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        res = await request(app.baseUrl).get('/health');
      }
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('should answer /health/live with 200', async () => {
      const res = await request(app.baseUrl).get('/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok' });
    });

    it('should answer /health/ready with 200 and the database up', async () => {
      const res = await request(app.baseUrl).get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });
  });

  describe('metrics', () => {
    it('should count and time requests by route pattern, not by raw URL', async () => {
      await operator().get(`${NAVIGATION_PATH}/${record.id}`).expect(200);
      const stray = `/api/nothing-${uniqueTag()}`;
      await request(app.baseUrl).get(stray).expect(404);

      const res = await request(app.baseUrl).get('/metrics');

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const lines = res.text.split('\n');
      const counted = lines.filter(
        (l) =>
          l.startsWith('http_requests_total{') &&
          l.includes('route="/api/navigation/:id"') &&
          l.includes('method="GET"') &&
          l.includes('status="200"'),
      );
      expect(counted).toHaveLength(1);
      expect(Number(counted[0].split(' ').pop())).toBeGreaterThanOrEqual(1);
      expect(
        lines.some(
          (l) =>
            l.startsWith('http_request_duration_seconds_bucket{') &&
            l.includes('route="/api/navigation/:id"'),
        ),
      ).toBe(true);
      expect(res.text).toContain('# TYPE http_requests_total counter');
      expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(res.text).not.toContain(record.id);
      expect(res.text).not.toContain(stray);
    });
  });

  describe('API docs', () => {
    it('should serve Swagger UI as HTML at /docs', async () => {
      const res = await request(app.baseUrl).get('/docs').redirects(1);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/swagger-ui/i);
    });

    it('should serve an OpenAPI document at /docs-json with the catalogue routes and both auth schemes', async () => {
      const res = await request(app.baseUrl).get('/docs-json');
      expect(res.status).toBe(200);
      const doc = res.body as {
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
        components: { securitySchemes: Record<string, Record<string, unknown>> };
      };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths[NAVIGATION_PATH] ?? {})).toEqual(
        expect.arrayContaining(['get', 'post']),
      );
      expect(Object.keys(doc.paths[`${NAVIGATION_PATH}/{id}`] ?? {})).toEqual(
        expect.arrayContaining(['get', 'put', 'patch', 'delete']),
      );
      const schemes = Object.values(doc.components.securitySchemes);
      expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
      expect(schemes).toContainEqual(
        expect.objectContaining({
          type: 'oauth2',
          flows: { password: expect.objectContaining({ tokenUrl: '/api/auth/token' }) as unknown },
        }),
      );
    });
  });

  describe('with CORS_ORIGINS and METRICS_TOKEN set', () => {
    let secured: TestApp;
    beforeAll(async () => {
      secured = await createTestApp({
        env: { CORS_ORIGINS: ALLOWED_ORIGIN, METRICS_TOKEN },
      });
    });
    afterAll(() => secured.close());

    it('should allow the listed origin and expose the tracing headers', async () => {
      const res = await request(secured.baseUrl).get('/health/live').set('Origin', ALLOWED_ORIGIN);
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      const exposed = String(res.headers['access-control-expose-headers']).toLowerCase();
      expect(exposed).toContain('x-request-id');
      expect(exposed).toContain('etag');
    });

    it('should answer a preflight from the listed origin', async () => {
      const res = await request(secured.baseUrl)
        .options(NAVIGATION_PATH)
        .set('Origin', ALLOWED_ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(res.status).toBeLessThan(300);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
    });

    it('should not allow another origin, in a simple request or a preflight', async () => {
      const simple = await request(secured.baseUrl)
        .get('/health/live')
        .set('Origin', 'http://evil.example');
      const preflight = await request(secured.baseUrl)
        .options(NAVIGATION_PATH)
        .set('Origin', 'http://evil.example')
        .set('Access-Control-Request-Method', 'DELETE');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should allow no origin at all when CORS_ORIGINS is unset', async () => {
      const res = await request(app.baseUrl).get('/health/live').set('Origin', ALLOWED_ORIGIN);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should refuse /metrics without the token, with a wrong one, or with it in the query, as 401', async () => {
      const missing = await request(secured.baseUrl).get('/metrics');
      const wrong = await request(secured.baseUrl)
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}x`);
      const query = await request(secured.baseUrl).get(`/metrics?token=${METRICS_TOKEN}`);
      for (const res of [missing, wrong, query]) {
        expectErrorEnvelope(res, 401, 'unauthorized', '/metrics');
        expect(res.text).not.toContain('http_requests_total');
      }
    });

    it('should serve /metrics with Authorization: Bearer <METRICS_TOKEN>', async () => {
      const res = await request(secured.baseUrl)
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('http_requests_total');
    });
  });

  describe('when storage fails', () => {
    let broken: TestApp;
    let token: string;
    beforeAll(async () => {
      broken = await createTestApp();
      token = (
        await request(broken.baseUrl)
          .post('/api/auth/login')
          .send({ username: 'admin', password: broken.env.ADMIN_PASSWORD })
      ).body.accessToken as string;
    });
    afterAll(() => broken.close());

    it('should answer a 500 internal_error with a generic message and no SQL, driver or stack details', async () => {
      const dataSource = broken.app.get(DataSource);
      await dataSource.query('ALTER TABLE navigation_modules RENAME TO navigation_modules_moved');
      let res: Response;
      try {
        res = await request(broken.baseUrl)
          .get(`${NAVIGATION_PATH}?search=x`)
          .set('Authorization', `Bearer ${token}`);
      } finally {
        await dataSource.query('ALTER TABLE navigation_modules_moved RENAME TO navigation_modules');
      }

      const body = expectErrorEnvelope(res, 500, 'internal_error', NAVIGATION_PATH);
      expect(body.message).toBe('An unexpected error occurred');
      expect(Object.keys(body).sort()).toEqual(ENVELOPE_KEYS);
      expect(res.text).not.toMatch(
        /navigation_modules|SELECT|sqlite|relation|QueryFailed|TypeORM|stack|\.ts:|node_modules/i,
      );
      const after = await request(broken.baseUrl)
        .get(NAVIGATION_PATH)
        .set('Authorization', `Bearer ${token}`);
      expect(after.status).toBe(200);
    });
  });
});
