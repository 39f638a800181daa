import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { emptyToUndefined, type EnvBase, EnvInt } from './env-fields';

/** Tokens and the secrets behind them: the JWT key and claims, the first admin, the metrics token. */
export function AuthEnv<TBase extends EnvBase>(Base: TBase) {
  class AuthEnv extends Base {
    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    JWT_SECRET?: string;

    @IsString()
    @MinLength(1)
    JWT_ISSUER = 'rover-mission-control';

    @IsString()
    @MinLength(1)
    JWT_AUDIENCE = 'rover-mission-control-api';

    @EnvInt(1, 24 * 60) ACCESS_TOKEN_EXPIRE_MINUTES = 30;

    @EnvInt(1, 90) REFRESH_TOKEN_EXPIRE_DAYS = 7;

    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
    @MaxLength(128)
    ADMIN_PASSWORD?: string;

    @Transform(emptyToUndefined)
    @IsOptional()
    @IsString()
    @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
    METRICS_TOKEN?: string;
  }
  return AuthEnv;
}
