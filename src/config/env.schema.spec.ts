import { EnvValidationError, NodeEnv, validateEnv } from './env.schema';

const SECRET_32 = 's'.repeat(32);

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
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: SECRET_32 }).JWT_SECRET).toBe(
      SECRET_32,
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

  it('should not echo a rejected secret in the error', () => {
    const secret = 'a-short-secret-value';
    expect(failure({ JWT_SECRET: secret })).not.toContain(secret);
  });
});
