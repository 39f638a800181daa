import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { type CatalogApp, startCatalogApp } from './helpers/catalog-app';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { expectErrorEnvelope } from './helpers/catalog-envelope';
import {
  api,
  type CatalogRecord,
  countNamed,
  createRecord,
  etagOf,
  NAVIGATION_PATH,
  navigationBody,
  uniqueName,
} from './helpers/catalog-fixtures';

/**
 * What the service did on Express and keeps on Fastify (src/bootstrap/http-adapter.ts): answers a
 * GET whose ETag the client holds with a 304, routes without regard to case or a trailing slash,
 * and answers what Fastify itself refuses (a path that does not decode, a body in another charset,
 * a form with too many fields, a long path segment) in the error envelope, changing nothing.
 */
describe('the HTTP layer (e2e, Fastify keeping what Express did)', () => {
  let app: CatalogApp;
  let record: CatalogRecord;
  beforeAll(async () => {
    app = await startCatalogApp();
    record = await createRecord(operator(), NAVIGATION_PATH, navigationBody());
  });
  afterAll(() => app.t.close());

  const operator = () => api(app.baseUrl, app.operator);
  /** Bytes as they are: supertest would serialise a Buffer sent as JSON. */
  const postBytes = async (body: Buffer | string, encoding: string) => {
    const res = await fetch(`${app.baseUrl}${NAVIGATION_PATH}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${app.operator.accessToken}`,
        'content-type': 'application/json',
        'content-encoding': encoding,
      },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      body: JSON.parse(text) as Record<string, unknown>,
      headers: res.headers,
    };
  };
  const recordPath = () => `${NAVIGATION_PATH}/${record.id}`;

  describe('conditional GET', () => {
    it('should answer 304 with no body when If-None-Match names the current ETag', async () => {
      const res = await operator().get(recordPath()).set('If-None-Match', etagOf(record));
      expect(res.status).toBe(304);
      expect(res.text ?? '').toBe('');
      expect(res.headers.etag).toBe(etagOf(record));
      expect(res.headers['x-request-id']).toBeDefined();
    });

    it('should compare weakly and within a list, as RFC 9110 says for a GET', async () => {
      const weak = await operator()
        .get(recordPath())
        .set('If-None-Match', `W/${etagOf(record)}`);
      expect(weak.status).toBe(304);
      const listed = await operator()
        .get(recordPath())
        .set('If-None-Match', `"other.1", ${etagOf(record)}`);
      expect(listed.status).toBe(304);
      const head = await request(app.baseUrl)
        .head(recordPath())
        .set('Authorization', `Bearer ${app.operator.accessToken}`)
        .set('If-None-Match', etagOf(record));
      expect(head.status).toBe(304);
    });

    it('should send the record when the ETag differs or the client says no-cache', async () => {
      const stale = await operator().get(recordPath()).set('If-None-Match', '"other.1"');
      expect(stale.status).toBe(200);
      expect((stale.body as CatalogRecord).id).toBe(record.id);
      const noCache = await operator()
        .get(recordPath())
        .set('If-None-Match', etagOf(record))
        .set('Cache-Control', 'no-cache');
      expect(noCache.status).toBe(200);
      expect((noCache.body as CatalogRecord).id).toBe(record.id);
    });

    it('should send the new version after a change, to a client holding the old ETag', async () => {
      const own = await createRecord(operator(), NAVIGATION_PATH, navigationBody());
      const patched = await operator()
        .patch(`${NAVIGATION_PATH}/${own.id}`)
        .set('If-Match', etagOf(own))
        .send({ description: 'changed' });
      expect(patched.status).toBe(200);
      const res = await operator()
        .get(`${NAVIGATION_PATH}/${own.id}`)
        .set('If-None-Match', etagOf(own));
      expect(res.status).toBe(200);
      expect((res.body as CatalogRecord).description).toBe('changed');
      expect(res.headers.etag).toBe(etagOf(res.body as CatalogRecord));
    });

    it('should never turn an error into a 304', async () => {
      const res = await request(app.baseUrl).get(recordPath()).set('If-None-Match', '*');
      expectErrorEnvelope(res, 401, 'unauthorized');
    });
  });

  describe('routing', () => {
    it('should match a path without regard to case or a trailing slash', async () => {
      for (const path of [
        `${recordPath()}/`,
        recordPath().toUpperCase().replace(record.id.toUpperCase(), record.id),
      ]) {
        const res = await operator().get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect((res.body as CatalogRecord).id).toBe(record.id);
      }
    });

    it('should refuse a path segment of 300 characters in the validation envelope, not a 414', async () => {
      const res = await operator().get(`${NAVIGATION_PATH}/${'a'.repeat(300)}`);
      expect(res.status).toBe(400);
      expectErrorEnvelope(res, 400, 'validation_failed');
    });

    it('should answer a path that does not decode with a 400 envelope', async () => {
      const res = await operator().get(`${NAVIGATION_PATH}/%E0%A4%A`);
      expectErrorEnvelope(res, 400, 'bad_request', `${NAVIGATION_PATH}/%E0%A4%A`);
      expect((res.body as { message: string }).message).toMatch(/URL/);
      // Refused before Fastify's hooks run, it still gets the envelope's headers.
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-process-time']).toMatch(/^\d+(\.\d+)?$/);
    });
  });

  describe('bodies Fastify would read differently', () => {
    it('should refuse JSON that says it is in another charset with a 415, creating nothing', async () => {
      const name = uniqueName('latin1');
      const res = await operator()
        .post(NAVIGATION_PATH)
        .set('Content-Type', 'application/json; charset=iso-8859-1')
        .send(JSON.stringify(navigationBody({ name })));
      expectErrorEnvelope(res, 415, 'unsupported_media_type');
      expect(await countNamed(operator(), NAVIGATION_PATH, name)).toBe(0);
    });

    it('should accept JSON that says it is UTF-8', async () => {
      const name = uniqueName('utf8');
      const res = await operator()
        .post(NAVIGATION_PATH)
        .set('Content-Type', 'application/json; charset=UTF-8')
        .send(JSON.stringify(navigationBody({ name })));
      expect(res.status).toBe(201);
      expect(await countNamed(operator(), NAVIGATION_PATH, name)).toBe(1);
    });

    it('should refuse a form of more than 100 fields with a 413, creating nothing', async () => {
      const name = uniqueName('form');
      const fields = [`name=${name}`, ...Array.from({ length: 120 }, (_, i) => `f${i}=1`)];
      const res = await operator()
        .post(NAVIGATION_PATH)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(fields.join('&'));
      expectErrorEnvelope(res, 413, 'payload_too_large');
      expect(await countNamed(operator(), NAVIGATION_PATH, name)).toBe(0);
    });

    it('should read a gzip-compressed JSON body, as Express did', async () => {
      const name = uniqueName('gzip');
      const res = await postBytes(gzipSync(JSON.stringify(navigationBody({ name }))), 'gzip');
      expect(res.status).toBe(201);
      expect(await countNamed(operator(), NAVIGATION_PATH, name)).toBe(1);
    });

    it('should refuse a compressed body that inflates past 1 MiB with a 413, creating nothing', async () => {
      const name = uniqueName('bomb');
      const padded = JSON.stringify({ ...navigationBody({ name }), pad: ' '.repeat(3_000_000) });
      const bomb = gzipSync(padded);
      expect(bomb.length).toBeLessThan(64 * 1024); // small on the wire, 3 MB inflated
      const res = await postBytes(bomb, 'gzip');
      expect(res).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
      expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
      expect(await countNamed(operator(), NAVIGATION_PATH, name)).toBe(0);
    });

    it('should refuse a body in an encoding it does not read (415) or that does not inflate (400)', async () => {
      const name = uniqueName('encoding');
      const body = JSON.stringify(navigationBody({ name }));
      const unknown = await postBytes(body, 'compress');
      expect(unknown).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
      const notGzip = await postBytes(body, 'gzip');
      expect(notGzip).toMatchObject({ status: 400, body: { error: 'bad_request' } });
      expect(await countNamed(operator(), NAVIGATION_PATH, name)).toBe(0);
    });

    it('should read an empty JSON body as {} and name the missing fields', async () => {
      const res = await operator().post(NAVIGATION_PATH).set('Content-Type', 'application/json');
      expectErrorEnvelope(res, 400, 'validation_failed');
      expect((res.body as { details?: unknown[] }).details?.length).toBeGreaterThan(0);
    });

    it('should refuse a bare JSON string as a body (strict, as Express parsed it)', async () => {
      const res = await operator()
        .post(NAVIGATION_PATH)
        .set('Content-Type', 'application/json')
        .send('"just a string"');
      expectErrorEnvelope(res, 400, 'bad_request');
    });
  });

  describe('CORS, with CORS_ORIGINS set', () => {
    const ORIGIN = 'http://console.example';
    let cors: TestApp;
    beforeAll(async () => {
      cors = await createTestApp({ env: { CORS_ORIGINS: ORIGIN } });
    });
    afterAll(() => cors.close());

    it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])(
      'should allow a %s from the listed origin in a preflight',
      async (method) => {
        const res = await request(cors.baseUrl)
          .options(`${NAVIGATION_PATH}/${record.id}`)
          .set('Origin', ORIGIN)
          .set('Access-Control-Request-Method', method)
          .set('Access-Control-Request-Headers', 'authorization,content-type,if-match');
        expect(res.status).toBe(204);
        expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
        const allowed = String(res.headers['access-control-allow-methods']).split(/\s*,\s*/);
        expect(allowed).toContain(method);
        expect(String(res.headers['access-control-allow-headers'])).toContain('if-match');
      },
    );
  });
});
