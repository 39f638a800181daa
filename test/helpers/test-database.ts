import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  /** Env entries that point the app at this database. */
  env: Record<string, string>;
  /** SQLite only: the file. */
  path?: string;
  drop(): Promise<void>;
}

export function testDatabaseKind(): 'sqlite' | 'postgres' {
  return process.env.RMC_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/** A fresh, empty database: a real SQLite file in a temp dir, or a private PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind() === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rmc-test-'));
    const path = join(dir, 'rover.db');
    return {
      kind: 'sqlite',
      env: { DATABASE_PATH: path },
      path,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const name = `rmc_t_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    drop: () =>
      withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
