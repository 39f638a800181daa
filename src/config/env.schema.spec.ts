import { randomBytes } from 'node:crypto';
import { EnvValidationError, jwtSecretWeakness, NodeEnv, validateEnv } from './env.schema';

const SECRET_32 = 's'.repeat(32);
/** Real `openssl rand` output, as an operator would paste it. */
const OPENSSL_BASE64_48 = '99DdZl7FEeYGm54L9IA1p4kM3ZEQMsMoj3Oklzpxf73yJKcGHgE4ZHb3HDPgehOj';
const OPENSSL_HEX_32 = '9081cb10383e0888e8fe156339de95c2409818d84825ca711d0d4c7e04eb6167';

function failure(raw: Record<string, unknown>): string {
  try {
    validateEnv(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvValidationError);
    return (error as Error).message;
  }
  throw new Error('expected validateEnv to throw');
}

describe(validateEnv.name, () => {
  it('should fill in the documented defaults for an empty environment', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      NODE_ENV: NodeEnv.Development,
      HOST: '127.0.0.1',
      PORT: 3000,
      LOG_LEVEL: 'info',
      ACCESS_TOKEN_EXPIRE_MINUTES: 30,
      REFRESH_TOKEN_EXPIRE_DAYS: 7,
      DATABASE_PATH: 'data/rover.db',
      CORS_ORIGINS: '',
      THROTTLE_LIMIT: 100,
      THROTTLE_TTL_MS: 60_000,
      LOGIN_THROTTLE_LIMIT: 5,
      TRUST_PROXY: false,
    });
    expect(env.JWT_SECRET).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.METRICS_TOKEN).toBeUndefined();
  });

  it('should convert numeric and boolean strings and ignore unrelated variables', () => {
    const env = validateEnv({ PORT: '8080', TRUST_PROXY: 'true', PATH: '/usr/bin', HOME: '/root' });
    expect(env.PORT).toBe(8080);
    expect(env.TRUST_PROXY).toBe(true);
    expect(env).not.toHaveProperty('PATH');
    expect(env).not.toHaveProperty('HOME');
  });

  it('should treat an empty optional variable as unset', () => {
    const env = validateEnv({ JWT_SECRET: '', DATABASE_URL: '', METRICS_TOKEN: '  ' });
    expect(env.JWT_SECRET).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.METRICS_TOKEN).toBeUndefined();
  });

  it.each(['abc', '3000x', '70000', '-1', '80.5'])('should refuse PORT=%s, naming PORT', (port) => {
    expect(failure({ PORT: port })).toMatch(/\bPORT\b/);
  });

  it('should require JWT_SECRET in production, naming it', () => {
    const message = failure({ NODE_ENV: 'production' });
    expect(message).toMatch(/\bJWT_SECRET\b/);
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: OPENSSL_BASE64_48 }).JWT_SECRET).toBe(
      OPENSSL_BASE64_48,
    );
  });

  it('should refuse a 31-byte JWT_SECRET and accept 32 bytes', () => {
    expect(failure({ JWT_SECRET: 's'.repeat(31) })).toMatch(/\bJWT_SECRET\b/);
    expect(failure({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(31) })).toMatch(
      /\bJWT_SECRET\b/,
    );
    expect(validateEnv({ JWT_SECRET: SECRET_32 }).JWT_SECRET).toBe(SECRET_32);
  });

  it('should measure JWT_SECRET in bytes, not characters', () => {
    expect(validateEnv({ JWT_SECRET: '€'.repeat(11) }).JWT_SECRET).toBe('€'.repeat(11)); // 33 bytes
    expect(failure({ JWT_SECRET: 'é'.repeat(15) })).toMatch(/\bJWT_SECRET\b/); // 30 bytes
  });

  it.each(['mysql://x', 'sqlite:///data/rover.db', 'postgres://', 'not a url'])(
    'should refuse DATABASE_URL=%s, naming it',
    (url) => {
      expect(failure({ DATABASE_URL: url })).toMatch(/\bDATABASE_URL\b/);
    },
  );

  it('should accept postgres:// and postgresql:// DATABASE_URLs', () => {
    for (const url of ['postgres://u:p@db:5432/rover', 'postgresql://db/rover']) {
      expect(validateEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['REDIS_URL', { REDIS_URL: 'http://cache' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'maybe' }],
    ['ACCESS_TOKEN_EXPIRE_MINUTES', { ACCESS_TOKEN_EXPIRE_MINUTES: '0' }],
    ['THROTTLE_LIMIT', { THROTTLE_LIMIT: 'many' }],
  ])('should refuse a bad %s, naming it', (name, raw) => {
    expect(failure(raw)).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('should list every bad variable in one error', () => {
    const message = failure({
      NODE_ENV: 'production',
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      METRICS_TOKEN: 'short',
    });
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'METRICS_TOKEN', 'JWT_SECRET']) {
      expect(message).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  describe('a predictable JWT_SECRET in production', () => {
    it.each<[string, string]>([
      ['32 identical bytes', SECRET_32],
      ['two characters alternating', 'ab'.repeat(16)],
      ['a 16-character pattern twice', '0123456789abcdef'.repeat(2)],
      ['a word repeated', 'changeme'.repeat(4)],
      ['a password and its repeats', 'password1234password1234password'],
      ['eight characters in runs', 'aaaabbbbccccddddeeeeffffgggghhhh'],
      ['one character dominating', `${'x'.repeat(24)}abcdefghi`],
      ['one character between all the others', 'aabaacaadaaeaafaagaahaaiaajaakaa'],
    ])('should refuse %s, naming JWT_SECRET and not echoing it', (_label, secret) => {
      const message = failure({ NODE_ENV: 'production', JWT_SECRET: secret });
      expect(message).toMatch(/\bJWT_SECRET\b.*predictable/);
      expect(message).not.toContain(secret);
    });

    it.each<[string, string]>([
      ['openssl rand -base64 48', OPENSSL_BASE64_48],
      ['openssl rand -hex 32', OPENSSL_HEX_32],
      ['a long passphrase', 'process-test-secret-that-is-long-enough-0123456789'],
    ])('should accept %s', (_label, secret) => {
      expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(secret);
    });

    it('should accept 1,000 fresh random keys of each common shape', () => {
      const shapes = [
        () => randomBytes(48).toString('base64'),
        () => randomBytes(32).toString('hex'),
        () => randomBytes(16).toString('hex'),
        () => randomBytes(32).toString('base64url'),
      ];
      const refused = shapes.flatMap((make) =>
        Array.from({ length: 1000 }, make).filter((key) => jwtSecretWeakness(key) !== undefined),
      );
      expect(refused).toEqual([]);
    });

    it('should not judge the secret outside production, where the length rule alone applies', () => {
      expect(validateEnv({ NODE_ENV: 'development', JWT_SECRET: SECRET_32 }).JWT_SECRET).toBe(
        SECRET_32,
      );
      expect(validateEnv({ NODE_ENV: 'test', JWT_SECRET: SECRET_32 }).JWT_SECRET).toBe(SECRET_32);
    });
  });

  it('should not echo a rejected secret in the error', () => {
    const secret = 'a-short-secret-value';
    expect(failure({ JWT_SECRET: secret })).not.toContain(secret);
  });
});
