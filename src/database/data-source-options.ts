import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';

/**
 * The driver's own (blocking) wait for another process's lock, for boot and the migration CLI only:
 * nothing is served yet. Once the app runs, WriteLock sets it to 0 and waits on timers instead.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Every feature's entity files, matched in src/ under ts-node and in dist/ once built, so a data
 * source built outside Nest (the migration CLI) sees every table without a list kept by hand. The
 * app replaces it with the entities its feature modules register.
 */
export const ENTITY_FILES = join(__dirname, '..', '**', '*.entity.{ts,js}');

/**
 * One builder for the app and for the TypeORM CLI (ormconfig.ts), so both see the same database. Each
 * driver has its own migrations folder: generated migrations are driver-specific SQL.
 */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: [ENTITY_FILES],
    synchronize: false,
    migrationsRun: false,
    logging: false,
  };
  if (db.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      migrations: [join(__dirname, 'migrations', 'postgres', '*.{ts,js}')],
      extra: { max: 10, connectionTimeoutMillis: 5000 },
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    migrations: [join(__dirname, 'migrations', 'sqlite', '*.{ts,js}')],
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // NORMAL: a commit survives the process crashing at once, and a power cut once the next
    // checkpoint has synced the WAL (SqliteCheckpointer, off the event loop). Writes that must be on
    // disk before they are reported (the e-stop latch) ask WriteLock for `durable`.
    prepareDatabase: (connection: { pragma(sql: string): unknown }) => {
      connection.pragma('synchronous = NORMAL');
    },
  };
}
