import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { CONSOLE_DIR } from '../src/console/console.module';
import { createTestApp, type TestApp } from './helpers/create-test-app';

/** The console's files as the service serves them (the browser suite drives the page itself). */
describe('the operator console at /', () => {
  let t: TestApp;

  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html')))
      throw new Error(`no console build in ${CONSOLE_DIR}: run \`npm run build\` first`);
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('should serve the page under a strict Content-Security-Policy', async () => {
    const res = await request(t.baseUrl).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="app"></div>');
    // No inline script: every script is a file of this origin.
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|https:|http:|upgrade-insecure-requests|\*/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('should serve the hashed assets as immutable', async () => {
    const script = readdirSync(join(CONSOLE_DIR, 'assets')).find((name) => name.endsWith('.js'));
    const res = await request(t.baseUrl).get(`/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('should leave unknown paths, the API and the docs as they were', async () => {
    const missing = await request(t.baseUrl).get('/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'not_found' });
    const api = await request(t.baseUrl).get('/api/nothing');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ error: 'not_found' });
    expect((await request(t.baseUrl).get('/api/rover/status')).status).toBe(200);
    expect((await request(t.baseUrl).get('/docs')).status).toBe(200);
    expect((await request(t.baseUrl).get('/health/live')).status).toBe(200);
  });
});
