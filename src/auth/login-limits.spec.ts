import type { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { addressKey, LoginLimits } from './login-limits';

describe(LoginLimits.name, () => {
  let now: number;
  let limits: LoginLimits;
  const clock = { nowMs: () => now } as Clock;
  const config = {
    throttle: { loginTtlMs: 60_000, loginUserFailureLimit: 3, loginIpFailureLimit: 5 },
  } as AppConfig;

  const fail = () => Promise.resolve(null);
  const pass = () => Promise.resolve('user');

  async function refusal(promise: Promise<unknown>): Promise<AppError | undefined> {
    try {
      await promise;
      return undefined;
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
  }

  beforeEach(() => {
    now = 1_000_000;
    limits = new LoginLimits(config, clock);
  });
  afterEach(() => limits.onModuleDestroy());

  it('should refuse a username after its limit of failures with rate_limited and Retry-After, without running the check', async () => {
    for (let i = 0; i < 3; i++) await limits.attempt('alice', `10.0.0.${i}`, fail);
    const check = jest.fn(pass);
    const error = await refusal(limits.attempt('alice', '10.0.0.9', check));
    expect(error?.code).toBe('rate_limited');
    expect(error?.headers).toEqual({ 'Retry-After': '60' });
    expect(check).not.toHaveBeenCalled();
  });

  it('should refuse an address after its limit of failures across usernames', async () => {
    for (let i = 0; i < 5; i++) await limits.attempt(`user${i}`, '10.0.0.1', fail);
    expect((await refusal(limits.attempt('someone', '10.0.0.1', pass)))?.code).toBe('rate_limited');
    expect(await limits.attempt('someone', '10.0.0.2', pass)).toBe('user');
  });

  it('should count the username case- and padding-insensitively', async () => {
    for (const name of ['Alice', ' alice', 'ALICE ']) await limits.attempt(name, undefined, fail);
    expect((await refusal(limits.attempt('alice', '10.0.0.9', pass)))?.code).toBe('rate_limited');
  });

  it('should not count successes, nor checks that threw', async () => {
    for (let i = 0; i < 10; i++) await limits.attempt('alice', '10.0.0.1', pass);
    for (let i = 0; i < 10; i++) {
      await expect(
        limits.attempt('alice', '10.0.0.1', () => Promise.reject(new Error('db down'))),
      ).rejects.toThrow('db down');
    }
    expect(await limits.attempt('alice', '10.0.0.1', pass)).toBe('user');
  });

  it('should not let parallel guesses overshoot the limit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowFail = () => gate.then(() => null);
    const outcomes = Array.from({ length: 10 }, (_, i) =>
      refusal(limits.attempt('alice', `10.0.0.${i}`, slowFail)),
    );
    release();
    const codes = (await Promise.all(outcomes)).map((error) => error?.code ?? 'checked');
    expect(codes.filter((code) => code === 'checked')).toHaveLength(3);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(7);
  });

  it('should let the username try again once the window has passed', async () => {
    for (let i = 0; i < 3; i++) await limits.attempt('alice', `10.0.0.${i}`, fail);
    now += 60_000;
    expect(await limits.attempt('alice', '10.0.0.9', pass)).toBe('user');
  });

  it('should count IPv6 addresses of one /64 together, so rotating within it does not help', async () => {
    for (let i = 1; i <= 5; i++) await limits.attempt(`user${i}`, `2001:db8:1:2::${i}`, fail);
    const error = await refusal(limits.attempt('someone', '2001:db8:1:2:ffff::9', pass));
    expect(error?.code).toBe('rate_limited');
    expect(await limits.attempt('someone', '2001:db8:1:3::1', pass)).toBe('user');
  });
});

describe(addressKey.name, () => {
  it.each([
    ['203.0.113.7', 'ip:203.0.113.7'],
    ['::ffff:203.0.113.7', 'ip:203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', 'ip6:2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::1', 'ip6:2001:db8:1:2::/64'],
    ['2001:db8::1', 'ip6:2001:db8:0:0::/64'],
    ['1:2::3:4:5:6:7', 'ip6:1:2:0:3::/64'],
    ['::1', 'ip6:0:0:0:0::/64'],
    ['fe80::1%eth0', 'ip6:fe80:0:0:0::/64'],
    ['64:ff9b::203.0.113.7', 'ip6:64:ff9b:0:0::/64'],
    [undefined, 'ip:unknown'],
  ])('should key %s as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
