import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import type { UserEntity } from '../users/entities/user.entity';
import type { UsersRepository } from '../users/users.repository';
import { AccessTokenVerifier, MAX_IAT_SKEW_SECONDS } from './access-token-verifier';
import { RevokedSessions } from './sessions/revoked-sessions';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const USER = { id: 'u-1', username: 'op', role: 'operator' } as UserEntity;

/** Signed by hand, so that the header can carry what JwtService would never write. */
function token(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT', ...header })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

describe(AccessTokenVerifier.name, () => {
  const nowMs = Date.now();
  const nowS = Math.floor(nowMs / 1000);
  const clock = { nowMs: () => nowMs } as Clock;
  let revoked: RevokedSessions;
  let verifier: AccessTokenVerifier;

  const claims = (overrides: Record<string, unknown> = {}) => ({
    sub: USER.id,
    username: USER.username,
    role: USER.role,
    sid: 'sid-1',
    typ: 'access',
    iat: nowS,
    exp: nowS + 600,
    ...overrides,
  });

  function refusedClaimsOnly(jwt: string): boolean {
    try {
      verifier.verifyClaimsOnly(jwt);
      return false;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('unauthorized');
      return true;
    }
  }

  beforeEach(() => {
    revoked = new RevokedSessions(clock, { auth: { accessTokenTtlSeconds: 600 } } as AppConfig);
    const users = { findByIdForAuth: () => Promise.resolve(USER) } as unknown as UsersRepository;
    const jwt = new JwtService({ secret: SECRET, verifyOptions: { algorithms: ['HS256'] } });
    verifier = new AccessTokenVerifier(jwt, users, revoked, clock);
  });

  it('should accept a well-formed token on both paths (control)', async () => {
    expect(verifier.verifyClaimsOnly(token(claims()))).toMatchObject({
      id: USER.id,
      sessionId: 'sid-1',
    });
    await expect(verifier.verify(token(claims()))).resolves.toMatchObject({ role: 'operator' });
  });

  it('should refuse a revoked login synchronously on the claims-only path, and on the full one', async () => {
    revoked.add(['sid-1']);
    expect(refusedClaimsOnly(token(claims()))).toBe(true);
    await expect(verifier.verify(token(claims()))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(refusedClaimsOnly(token(claims({ sid: 'sid-2' })))).toBe(false);
  });

  it(`should allow ${MAX_IAT_SKEW_SECONDS} s of clock skew on iat and refuse more`, async () => {
    expect(refusedClaimsOnly(token(claims({ iat: nowS + MAX_IAT_SKEW_SECONDS })))).toBe(false);
    expect(refusedClaimsOnly(token(claims({ iat: nowS + MAX_IAT_SKEW_SECONDS + 1 })))).toBe(true);
    await expect(verifier.verify(token(claims({ iat: nowS + 3600 })))).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });

  it('should refuse any crit header on both paths', async () => {
    for (const crit of [['exp'], [], 'b64']) {
      expect(refusedClaimsOnly(token(claims(), { crit }))).toBe(true);
      await expect(verifier.verify(token(claims(), { crit }))).rejects.toMatchObject({
        code: 'unauthorized',
      });
    }
  });

  describe('with its signature cached', () => {
    it('should check the signature of a token once, and everything else on every use', async () => {
      const jwt = new JwtService({ secret: SECRET, verifyOptions: { algorithms: ['HS256'] } });
      const verify = jest.spyOn(jwt, 'verify');
      const users = { findByIdForAuth: jest.fn(() => Promise.resolve(USER)) };
      const cached = new AccessTokenVerifier(
        jwt,
        users as unknown as UsersRepository,
        revoked,
        clock,
      );
      const once = token(claims({ sid: 'sid-c' }));
      for (let i = 0; i < 3; i++) await cached.verify(once);
      cached.verifyClaimsOnly(once);
      expect(verify).toHaveBeenCalledTimes(1);
      expect(users.findByIdForAuth).toHaveBeenCalledTimes(3);
      revoked.add(['sid-c']);
      await expect(cached.verify(once)).rejects.toMatchObject({ code: 'unauthorized' });
    });

    it('should refuse a cached token once its exp has passed', async () => {
      let now = nowMs;
      const moving = { nowMs: () => now } as Clock;
      const jwt = new JwtService({ secret: SECRET, verifyOptions: { algorithms: ['HS256'] } });
      const users = { findByIdForAuth: () => Promise.resolve(USER) } as unknown as UsersRepository;
      const cached = new AccessTokenVerifier(jwt, users, revoked, moving);
      const shortLived = token(claims({ exp: nowS + 5 }));
      await expect(cached.verify(shortLived)).resolves.toMatchObject({ id: USER.id });
      now = (nowS + 5) * 1000;
      await expect(cached.verify(shortLived)).rejects.toMatchObject({ code: 'unauthorized' });
    });
  });
});
