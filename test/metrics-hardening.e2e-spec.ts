import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import request, { type Response } from 'supertest';
import { MetricsController } from '../src/system/metrics/metrics.controller';
import { expectErrorEnvelope } from './helpers/catalog-envelope';
import { sleep } from './helpers/catalog-fixtures';
import { createTestApp, type TestApp } from './helpers/create-test-app';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** /metrics as seen from `address` (the app trusts X-Forwarded-For, so one test can be many hosts). */
const scrape = (t: TestApp, address: string, token?: string) => {
  const req = request(t.baseUrl).get('/metrics').set('X-Forwarded-For', address);
  return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
};

function expectMetricsRateLimited(res: Response): void {
  expectErrorEnvelope(res, 429, 'rate_limited', '/metrics');
  const retryAfter = Number(res.headers['retry-after']);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.text).not.toContain('http_requests_total');
}

describe(`${MetricsController.name} hardening (e2e, issue 11)`, () => {
  describe('without METRICS_TOKEN: public, limited per address', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    });
    afterAll(() => t.close());

    it('should serve 60 scrapes a minute to one address and answer the 61st with 429 and Retry-After', async () => {
      for (let i = 1; i <= 60; i++) {
        const res = await scrape(t, '10.0.0.1');
        expect({ scrape: i, status: res.status }).toEqual({ scrape: i, status: 200 });
      }
      expectMetricsRateLimited(await scrape(t, '10.0.0.1'));
      expectMetricsRateLimited(await scrape(t, '10.0.0.1'));
    });

    it('should keep serving other addresses, and leave the limited address its API budget', async () => {
      for (let i = 0; i < 61; i++) await scrape(t, '10.0.0.3');
      expectMetricsRateLimited(await scrape(t, '10.0.0.3'));

      const other = await scrape(t, '10.0.0.4');
      expect(other.status).toBe(200);
      expect(other.text).toContain('http_requests_total');
      const api = await request(t.baseUrl).get('/health/live').set('X-Forwarded-For', '10.0.0.3');
      expect(api.status).toBe(200);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        env: { TRUST_PROXY: 'true', METRICS_TOKEN, METRICS_THROTTLE_LIMIT: '3' },
      });
    });
    afterAll(() => t.close());

    it('should refuse a wrong token with 401, serve the right one, and count both against the limit', async () => {
      const wrong = await scrape(t, '10.0.1.1', `${METRICS_TOKEN}x`);
      expectErrorEnvelope(wrong, 401, 'unauthorized', '/metrics');
      expect(wrong.text).not.toContain('http_requests_total');
      expectErrorEnvelope(await scrape(t, '10.0.1.1'), 401, 'unauthorized', '/metrics');

      const right = await scrape(t, '10.0.1.1', METRICS_TOKEN);
      expect(right.status).toBe(200);
      expect(right.text).toContain('http_requests_total');

      // A token guesser gets the same few tries a minute as a scraper.
      expectMetricsRateLimited(await scrape(t, '10.0.1.1', `${METRICS_TOKEN}y`));
      expectMetricsRateLimited(await scrape(t, '10.0.1.1', METRICS_TOKEN));
      expect((await scrape(t, '10.0.1.2', METRICS_TOKEN)).status).toBe(200);
    });
  });

  describe('the rendering', () => {
    let t: TestApp;
    let render: jest.SpyInstance;
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_THROTTLE_LIMIT: '100000' } });
    });
    beforeEach(() => {
      render = jest.spyOn(register, 'metrics');
    });
    afterEach(() => render.mockRestore());
    afterAll(() => t.close());

    it('should render about once for 110 rapid scrapes and serve every one of them the same text', async () => {
      await sleep(1100); // start in a fresh cache window
      render.mockClear();

      const responses = await Promise.all(
        Array.from({ length: 110 }, () => request(t.baseUrl).get('/metrics')),
      );

      expect(responses.map((r) => r.status)).toEqual(Array(110).fill(200));
      expect(new Set(responses.map((r) => r.text)).size).toBeLessThanOrEqual(2);
      expect(responses[0].headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(render.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(render.mock.calls.length).toBeLessThanOrEqual(2);

      for (let i = 0; i < 110; i++) await request(t.baseUrl).get('/metrics');
      expect(render.mock.calls.length).toBeLessThanOrEqual(4);
    });

    it('should render afresh once the cached text is a second old', async () => {
      await request(t.baseUrl).get('/metrics');
      await sleep(1100);
      await request(t.baseUrl).get('/health/live').expect(200);
      render.mockClear();

      const res = await request(t.baseUrl).get('/metrics');

      expect(render).toHaveBeenCalledTimes(1);
      const live = res.text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('http_requests_total{') &&
            l.includes('route="/health/live"') &&
            l.includes('status="200"'),
        );
      expect(live).toBeDefined();
    });

    it('should not serve a failed render again', async () => {
      await sleep(1100);
      render.mockRejectedValueOnce(new Error('collector failed'));
      expect((await request(t.baseUrl).get('/metrics')).status).toBe(500);
      expect((await request(t.baseUrl).get('/metrics')).status).toBe(200);
    });
  });

  describe('at boot', () => {
    let warn: jest.SpyInstance<void, Parameters<Logger['warn']>>;
    beforeEach(() => {
      warn = jest.spyOn(Logger.prototype, 'warn');
    });
    afterEach(() => warn.mockRestore());

    const metricsWarnings = () =>
      warn.mock.calls.filter((call) => String(call[0]).includes('METRICS_TOKEN'));

    it('should warn once in production when METRICS_TOKEN is unset, and still serve /metrics', async () => {
      const t = await createTestApp({ env: { NODE_ENV: 'production' } });
      try {
        expect(metricsWarnings()).toEqual([
          ['METRICS_TOKEN is not set: /metrics is readable by anyone who can reach this port'],
        ]);
        expect((await request(t.baseUrl).get('/metrics')).status).toBe(200);
      } finally {
        await t.close();
      }
    });

    it.each<[string, Record<string, string>]>([
      ['in production with METRICS_TOKEN set', { NODE_ENV: 'production', METRICS_TOKEN }],
      ['outside production', { NODE_ENV: 'development' }],
    ])('should not warn %s', async (_label, env) => {
      const t = await createTestApp({ env });
      await t.close();
      expect(metricsWarnings()).toEqual([]);
    });
  });
});
