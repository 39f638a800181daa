import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { captureConstantHeaders } from './security-headers';

const POLICY = { contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } } };

/** The headers helmet itself sets on a real response over loopback. */
async function helmetOnARealResponse(): Promise<Record<string, string>> {
  const middleware = helmet(POLICY);
  const server = createServer((req, res) => middleware(req, res, () => res.end('ok')));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    return headers;
  } finally {
    server.close();
  }
}

describe('captureConstantHeaders', () => {
  it("should capture exactly helmet's headers and values", async () => {
    const captured = Object.fromEntries(
      captureConstantHeaders(helmet(POLICY)).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const real = await helmetOnARealResponse();
    for (const generic of ['date', 'connection', 'keep-alive', 'content-length', 'content-type'])
      delete real[generic];
    expect(captured).toEqual(real);
    expect(captured['content-security-policy']).toContain("default-src 'self'");
    expect(Object.keys(captured).length).toBeGreaterThanOrEqual(10);
  });

  it('should refuse a middleware whose headers depend on the request', () => {
    const perRequest = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      res.setHeader('X-Path', String(req.url));
      next();
    };
    expect(() => captureConstantHeaders(perRequest)).toThrow(/read the request/);
  });

  it('should refuse a middleware that does not finish at once', () => {
    const later = (_req: IncomingMessage, _res: ServerResponse, next: () => void) => {
      setTimeout(next, 1).unref();
    };
    expect(() => captureConstantHeaders(later)).toThrow(/did not finish/);
  });
});
