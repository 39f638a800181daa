import { databaseKindAtImport } from '../config/load-config';

/*
 * The few column types SQLite and PostgreSQL spell differently. Everything else in the entities uses
 * types both accept (varchar, text, integer, boolean, double precision, simple-json).
 */
const postgres = databaseKindAtImport() === 'postgres';

export const TIMESTAMP = postgres
  ? ({ type: 'timestamptz', precision: 3 } as const)
  : ({ type: 'datetime' } as const);

export const UUID = postgres
  ? ({ type: 'uuid' } as const)
  : ({ type: 'varchar', length: 36 } as const);
