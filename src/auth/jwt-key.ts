import { createSecretKey, type KeyObject } from 'node:crypto';

/**
 * The HS256 key as a KeyObject. Given a plain string, jsonwebtoken first tries to parse it as a PEM
 * public key on every verification (and fails): a third of a request's CPU in the HTTP benchmark.
 */
export function jwtSecretKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
