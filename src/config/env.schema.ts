import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the service reads, with its bounds. Validated once at boot: a bad value
 * stops the process with a message naming the variable, before anything listens or touches the rover.
 */
export class EnvironmentVariables {
  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv = NodeEnv.Development;

  @IsString()
  @MaxLength(255)
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

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

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  ACCESS_TOKEN_EXPIRE_MINUTES = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_EXPIRE_DAYS = 7;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  @MaxLength(128)
  ADMIN_PASSWORD?: string;

  @IsString()
  @MinLength(1)
  DATABASE_PATH = 'data/rover.db';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  CORS_ORIGINS = '';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  THROTTLE_LIMIT = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  THROTTLE_TTL_MS = 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_THROTTLE_LIMIT = 5;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** `sim` for the built-in simulator, or the rover's serial device (a pty path works too). */
  @Matches(/^(sim|\/[A-Za-z0-9._/-]{1,200})$/, {
    message: 'SERIAL_PORT must be "sim" or an absolute device path such as /dev/ttyUSB0',
  })
  SERIAL_PORT = 'sim';

  @Transform(toInt)
  @IsIn([9600, 19200, 38400, 57600, 115200, 230400, 250000, 500000, 1000000])
  SERIAL_BAUD = 115200;

  /** An operator who drives and then goes quiet this long gets the rover stopped. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DEADMAN_TIMEOUT_MS = 1000;

  /** How long a command waits for the rover's ACK before it is reported as timed out (504). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(10_000)
  COMMAND_ACK_TIMEOUT_MS = 1000;
}

export class EnvValidationError extends Error {}

/** Parses and validates raw environment strings; throws one error that lists every bad variable. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'JWT_SECRET',
    'ADMIN_PASSWORD',
    'DATABASE_URL',
    'REDIS_URL',
    'METRICS_TOKEN',
  ]) {
    if (raw[key] !== undefined) picked[key] = raw[key];
  }
  const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ') || 'invalid value'}`,
  );

  if (env.JWT_SECRET !== undefined && Buffer.byteLength(env.JWT_SECRET) < 32) {
    problems.push('JWT_SECRET: must be at least 32 bytes');
  }
  if (env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET === undefined) {
    problems.push('JWT_SECRET: is required when NODE_ENV=production (at least 32 bytes)');
  }
  if (problems.length > 0) {
    throw new EnvValidationError(
      `Invalid environment configuration:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return env;
}
