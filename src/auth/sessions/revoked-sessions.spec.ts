import type { Clock } from '../../common/clock/clock';
import type { AppConfig } from '../../config/app-config';
import { REVOCATION_MARGIN_MS, RevokedSessions } from './revoked-sessions';

describe(RevokedSessions.name, () => {
  const TTL_S = 1800;
  let now: number;
  let revoked: RevokedSessions;

  beforeEach(() => {
    now = 1_000_000_000;
    revoked = new RevokedSessions(
      { nowMs: () => now } as Clock,
      { auth: { accessTokenTtlSeconds: TTL_S } } as AppConfig,
    );
  });

  it('should know a revoked login and only that one', () => {
    revoked.add(['sid-1']);
    expect(revoked.has('sid-1')).toBe(true);
    expect(revoked.has('sid-2')).toBe(false);
  });

  it('should report only the logins it did not know yet', () => {
    expect(revoked.add(['a', 'b'])).toEqual(['a', 'b']);
    expect(revoked.add(['b', 'c'])).toEqual(['c']);
  });

  it('should keep a login as long as an access token of it could be unexpired, then forget it', () => {
    revoked.add(['sid-1']);
    now += TTL_S * 1000 + REVOCATION_MARGIN_MS - 1;
    revoked.sweep();
    expect(revoked.has('sid-1')).toBe(true);
    now += 1;
    revoked.sweep();
    expect(revoked.has('sid-1')).toBe(false);
    expect(revoked.size).toBe(0);
  });

  it('should restart the retention when a login is revoked again', () => {
    revoked.add(['sid-1']);
    now += TTL_S * 1000;
    revoked.add(['sid-1']);
    now += TTL_S * 1000;
    revoked.sweep();
    expect(revoked.has('sid-1')).toBe(true);
  });

  it('should name the issue time before which no access token can still be live', () => {
    expect(revoked.liveTokensIssuedAfter().getTime()).toBe(
      now - TTL_S * 1000 - REVOCATION_MARGIN_MS,
    );
  });
});
