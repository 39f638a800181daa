import type { IncomingHttpHeaders } from 'node:http';
import { isHandshakeOriginAllowed, type OriginRule } from './handshake-origin';

const rule: OriginRule = {
  allowed: ['http://console.example', 'https://ops.example:8443'],
  trustProxy: false,
};
const allowed = (headers: IncomingHttpHeaders, r: OriginRule = rule) =>
  isHandshakeOriginAllowed(headers, r);

describe(isHandshakeOriginAllowed.name, () => {
  it('should allow a handshake without an Origin (not a browser)', () => {
    expect(allowed({ host: 'rover.local:3000' })).toBe(true);
  });

  it.each(['http://console.example', 'https://ops.example:8443', 'HTTPS://OPS.example:8443'])(
    'should allow the listed origin %s',
    (origin) => {
      expect(allowed({ origin, host: 'rover.local:3000' })).toBe(true);
    },
  );

  it('should match a listed origin written with its default port', () => {
    const r = { ...rule, allowed: ['https://console.example:443'] };
    expect(allowed({ origin: 'https://console.example', host: 'rover.local' }, r)).toBe(true);
  });

  it.each([
    ['a foreign site', 'http://evil.example'],
    ['a listed host on another scheme', 'https://console.example'],
    ['a listed host on another port', 'http://console.example:8080'],
    ['a subdomain of a listed host', 'http://a.console.example'],
    ['an opaque origin', 'null'],
    ['garbage', 'not a url'],
  ])('should refuse %s', (_case, origin) => {
    expect(allowed({ origin, host: 'rover.local:3000' })).toBe(false);
  });

  it('should allow the same origin as the request, with any scheme (TLS may end at a proxy)', () => {
    expect(allowed({ origin: 'http://rover.local:3000', host: 'rover.local:3000' })).toBe(true);
    expect(allowed({ origin: 'https://Rover.Local', host: 'rover.local' })).toBe(true);
    expect(allowed({ origin: 'https://rover.local', host: 'rover.local:443' })).toBe(true);
  });

  it('should refuse this host on another port', () => {
    expect(allowed({ origin: 'http://rover.local:4000', host: 'rover.local:3000' })).toBe(false);
  });

  it('should refuse every browser Origin when the request has no Host', () => {
    expect(allowed({ origin: 'http://rover.local:3000' })).toBe(false);
  });

  it('should compare with X-Forwarded-Host only behind a trusted proxy', () => {
    const headers = {
      origin: 'https://rover.example',
      host: 'backend:3000',
      'x-forwarded-host': 'rover.example, inner.proxy',
    };
    expect(allowed(headers)).toBe(false);
    expect(allowed(headers, { ...rule, trustProxy: true })).toBe(true);
  });
});
