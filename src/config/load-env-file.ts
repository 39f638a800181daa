import { existsSync } from 'node:fs';

/*
 * Imported first by main.ts and ormconfig.ts, for its side effect: variables from a local .env file
 * must be in place before any entity class is decorated, because column types depend on the driver
 * (see databaseKindAtImport). Variables already set in the real environment win.
 */
if (process.env.NODE_ENV !== 'test' && existsSync('.env')) {
  process.loadEnvFile('.env');
}
