import { createHmac, randomUUID } from 'node:crypto';

/**
 * Hand-built JWTs for the token-forgery tests. Built with node:crypto rather than the service's own
 * JwtService so that a bug in how the service signs cannot hide the same bug in how it verifies.
 */

export type JwtHeader = Record<string, unknown>;
export type JwtClaims = Record<string, unknown>;

export function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

export function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The claims of a compact JWT, without verifying anything. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  if (payload === undefined) throw new Error(`not a JWT: ${token}`);
  return decodeSegment(payload);
}

export function signHs256(
  claims: JwtClaims,
  secret: string,
  header: JwtHeader = { alg: 'HS256', typ: 'JWT' },
): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** `alg: none`: the classic forgery that a verifier must refuse whatever the claims say. */
export function unsignedToken(claims: JwtClaims): string {
  return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.`;
}

/** Flips one bit of one byte of the decoded payload and re-encodes it; the signature is kept. */
export function flipPayloadByte(token: string, byteIndex?: number): string {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) {
    throw new Error(`not a JWT: ${token}`);
  }
  const bytes = Buffer.from(payload, 'base64url');
  // Default: a byte inside the JSON, away from the braces, so the payload stays parseable-looking.
  const index = byteIndex ?? Math.floor(bytes.length / 2);
  bytes[index] = bytes[index] ^ 0x01;
  return `${header}.${bytes.toString('base64url')}.${signature}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Claims exactly like the service's own access tokens, valid for ten minutes, for `user`. */
export function serviceClaims(
  user: { id: string; username: string; role: string },
  auth: { issuer: string; audience: string },
  overrides: JwtClaims = {},
): JwtClaims {
  return {
    sub: user.id,
    username: user.username,
    role: user.role,
    sid: randomUUID(),
    typ: 'access',
    iss: auth.issuer,
    aud: auth.audience,
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...overrides,
  };
}
