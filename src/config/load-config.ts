import { AppConfig } from './app-config';
import { validateEnv } from './env.schema';

/** The one place that reads process.env. */
export function loadConfigFromProcessEnv(): AppConfig {
  return new AppConfig(validateEnv(process.env));
}

/**
 * Entity column types differ between SQLite and PostgreSQL and are fixed when the entity classes are
 * decorated, which happens at import time, before Nest builds the AppConfig. So the driver is read
 * here, from the same variable that AppConfig uses to choose it.
 */
export function databaseKindAtImport(): 'sqlite' | 'postgres' {
  return process.env.DATABASE_URL ? 'postgres' : 'sqlite';
}
