import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';

/**
 * The driver's own (blocking) wait for another process's lock, for boot and the migration CLI only:
 * nothing is served yet. Once the app runs, WriteLock sets it to 0 and waits on timers instead.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * One builder for the app and for the TypeORM CLI (ormconfig.ts), so both see the same schema. Each
 * driver has its own migrations folder: generated migrations are driver-specific SQL.
 */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
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
    // FULL makes every commit durable even across power loss: the e-stop latch and the audit log
    // live here, and they are small, rare writes.
    prepareDatabase: (connection: { pragma(sql: string): unknown }) => {
      connection.pragma('synchronous = FULL');
    },
  };
}
