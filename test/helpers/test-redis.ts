import { Redis } from 'ioredis';
import { describeWith } from './describe-with';

/** The Redis the e2e suites use (scripts/test.sh exports it, after checking that it answers). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why the Redis suites cannot run here, or undefined when they can. */
export function redisUnavailableReason(): string | undefined {
  if (process.env.RMC_REDIS_AVAILABLE === '1') return undefined;
  return (
    process.env.RMC_REDIS_SKIP_REASON ??
    'RMC_REDIS_AVAILABLE is not set (run scripts/test.sh, or set TEST_REDIS_URL and RMC_REDIS_AVAILABLE=1)'
  );
}

/**
 * `describe` for suites that need a real Redis. Without one they are skipped, with the reason in
 * their name and on stderr, except under CI, where a missing Redis is a failing test: a green CI
 * run must have exercised them.
 */
export function describeWithRedis(name: string, suite: () => void): void {
  describeWith('a Redis', redisUnavailableReason(), name, suite);
}

const DATABASES = 16;
const CLAIM_TTL_MS = 10 * 60_000;

/**
 * A Redis database (1-15) held by one test file while it runs, so that files running at the same
 * time, here or from another checkout on this machine, never share keys or Socket.IO channels
 * (the app derives its channels from the database number). Claimed with SET NX in database 0.
 */
export class TestRedis {
  private constructor(
    readonly db: number,
    /** A client on the claimed database, without the app's `rmc:` key prefix. */
    readonly client: Redis,
    private readonly claims: Redis,
    private readonly token: string,
  ) {}

  static async claim(): Promise<TestRedis> {
    const claims = new Redis(withDatabase(TEST_REDIS_URL, 0), { lazyConnect: true });
    await claims.connect();
    const token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
    const start = 1 + Math.floor(Math.random() * (DATABASES - 1));
    for (let i = 0; i < DATABASES - 1; i++) {
      const db = 1 + ((start - 1 + i) % (DATABASES - 1));
      if ((await claims.set(claimKey(db), token, 'PX', CLAIM_TTL_MS, 'NX')) !== 'OK') continue;
      const client = new Redis(withDatabase(TEST_REDIS_URL, db), { lazyConnect: true });
      await client.connect();
      await client.flushdb();
      return new TestRedis(db, client, claims, token);
    }
    await claims.quit();
    throw new Error('every Redis database 1-15 is claimed by another test run');
  }

  /** REDIS_URL for an app on this database, optionally through another port (a TcpProxy). */
  url(port?: number): string {
    const url = new URL(withDatabase(TEST_REDIS_URL, this.db));
    if (port !== undefined) {
      url.hostname = '127.0.0.1';
      url.port = String(port);
    }
    return url.toString();
  }

  /** Where TEST_REDIS_URL points, for a TcpProxy in front of it. */
  get target(): { host: string; port: number } {
    const url = new URL(TEST_REDIS_URL);
    return { host: url.hostname || '127.0.0.1', port: Number(url.port || 6379) };
  }

  flush(): Promise<unknown> {
    return this.client.flushdb();
  }

  async release(): Promise<void> {
    await this.client.flushdb();
    await this.client.quit();
    // Only our own claim: compare and delete in one step.
    await this.claims.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      claimKey(this.db),
      this.token,
    );
    await this.claims.quit();
  }
}

function claimKey(db: number): string {
  return `rmc-test:redis-db-claim:${db}`;
}

function withDatabase(base: string, db: number): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}
