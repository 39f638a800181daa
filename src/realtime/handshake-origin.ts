import type { IncomingHttpHeaders } from 'node:http';

export interface OriginRule {
  /** CORS_ORIGINS: the other origins whose pages may open a socket. */
  allowed: readonly string[];
  /** TRUST_PROXY: the public host is then the proxy's X-Forwarded-Host, as Express reads it. */
  trustProxy: boolean;
}

/**
 * Whether a handshake may come from its Origin: the same policy CORS gives HTTP. A browser always
 * sends Origin on a WebSocket and on a cross-origin request, so a handshake without one is not a
 * page (the simulator, a script) and only its token counts. A page from another site is refused
 * even with a valid token. Same-origin compares host and port only, not the scheme: behind a TLS
 * proxy the page is https while the request reaching us is http.
 */
export function isHandshakeOriginAllowed(headers: IncomingHttpHeaders, rule: OriginRule): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (rule.allowed.includes(origin)) return true;
  const normalized = originOf(origin);
  if (!normalized) return false;
  if (rule.allowed.some((entry) => originOf(entry) === normalized)) return true;
  const host = requestHost(headers, rule.trustProxy);
  return host !== undefined && sameHost(origin, host);
}

/** `scheme://host[:port]` in canonical form (lower case, no default port), or undefined. */
function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function requestHost(headers: IncomingHttpHeaders, trustProxy: boolean): string | undefined {
  const forwarded = headers['x-forwarded-host'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (trustProxy && first) return first;
  return headers.host;
}

function sameHost(origin: string, host: string): boolean {
  try {
    const page = new URL(origin);
    // Parsed with the page's scheme, so that "rover.example:443" equals https://rover.example.
    return new URL(`${page.protocol}//${host}`).host === page.host;
  } catch {
    return false;
  }
}
