import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { emptyToUndefined, type EnvBase, EnvInt } from './env-fields';

/** The SQLite file, or PostgreSQL when DATABASE_URL names one. */
export function DatabaseEnv<TBase extends EnvBase>(Base: TBase) {
  class DatabaseEnv extends Base {
    @IsString()
    @MinLength(1)
    DATABASE_PATH = 'data/rover.db';

    @Transform(emptyToUndefined)
    @IsOptional()
    @Matches(/^postgres(ql)?:\/\/\S+$/, {
      message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
    })
    DATABASE_URL?: string;

    /** A write that cannot get the SQLite lock (held by another process) this long is a 503 storage_busy. */
    @EnvInt(50, 60_000) DATABASE_BUSY_TIMEOUT_MS = 3000;
  }
  return DatabaseEnv;
}
