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

  /** Failed logins a minute for one username, from any address (stops a spread-out guesser). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_USER_THROTTLE_LIMIT = 10;

  /** Failed logins a minute from one address, across usernames (stops username spraying). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_IP_THROTTLE_LIMIT = 30;

  /** Renders of /metrics a minute per address; a render is cached for about a second anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  METRICS_THROTTLE_LIMIT = 60;

  /** Open Socket.IO sockets per user, across namespaces (a console tab opens one per namespace). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SOCKET_MAX_PER_USER = 20;

  /** A write that cannot get the SQLite lock (held by another process) this long is a 503 storage_busy. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  DATABASE_BUSY_TIMEOUT_MS = 3000;

  /** The whole request, body included, must arrive within this (slow-body clients are cut off). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS = 15_000;

  /** The request headers must arrive within this; at most HTTP_REQUEST_TIMEOUT_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** An idle keep-alive connection is closed after this. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5000;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /**
   * `sim` for the built-in simulator, the rover's serial device (a pty path works too), or `none`
   * on every instance but the one that owns the link (several instances on one Redis).
   */
  @Matches(/^(sim|none|\/[A-Za-z0-9._/-]{1,200})$/, {
    message: 'SERIAL_PORT must be "sim", "none" or an absolute device path such as /dev/ttyUSB0',
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

  /** The built-in fleet simulator: FLEET_SIZE simulated robots beside the rover (API.md §6). */
  @Transform(toBool)
  @IsBoolean()
  FLEET_SIMULATION = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  FLEET_SIZE = 5;

  /** How often the fleet is updated and broadcast; the default of a runtime setting (PATCH /api/config). */
  @Transform(toInt)
  @IsInt()
  @Min(20)
  @Max(3_600_000)
  FLEET_UPDATE_INTERVAL_MS = 5000;

  /** Stored telemetry older than this many hours is deleted (GET /api/telemetry/history, export). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8760)
  TELEMETRY_RETENTION_HOURS = 24;
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
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  if (env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET === undefined) {
    problems.push('JWT_SECRET: is required when NODE_ENV=production (at least 32 bytes)');
  }
  const weakness =
    env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET !== undefined
      ? jwtSecretWeakness(env.JWT_SECRET)
      : undefined;
  if (weakness !== undefined) {
    problems.push(
      `JWT_SECRET: is too predictable for production (${weakness}); generate one, e.g. \`openssl rand -base64 48\``,
    );
  }
  if (problems.length > 0) {
    throw new EnvValidationError(
      `Invalid environment configuration:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return env;
}

/*
 * Whoever guesses the HMAC key signs any token they like, so in production a key that is long
 * enough but predictable (32 identical bytes, a word repeated, a keyboard run of few characters) is
 * refused. These are estimates from the key itself, not proof of randomness: the thresholds are set
 * so that the output of `openssl rand -hex 16`, the smallest sensible key, passes (none of 200,000
 * draws failed) while such patterns fail.
 */
const MIN_DISTINCT_BYTES = 9;
const MAX_REPEATED_SHARE = 1 / 3;
const MIN_ESTIMATED_BITS = 88;
/** A repeat shorter than this is chance, not a pattern. */
const MIN_REPEAT_LENGTH = 4;
/** Enough to judge a key by; bounds the quadratic scan below. */
const MAX_ANALYSED_BYTES = 1024;

/** Why the secret is predictable, or undefined when nothing gives it away. Never echoes it. */
export function jwtSecretWeakness(secret: string): string | undefined {
  const bytes = Buffer.from(secret, 'utf8').subarray(0, MAX_ANALYSED_BYTES);
  const counts = new Map<number, number>();
  for (const byte of bytes) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  if (counts.size < MIN_DISTINCT_BYTES) {
    return `it has only ${counts.size} distinct characters`;
  }
  if (repeatedShare(bytes) > MAX_REPEATED_SHARE) return 'it repeats itself';
  let bitsPerByte = 0;
  for (const count of counts.values()) {
    const p = count / bytes.length;
    bitsPerByte -= p * Math.log2(p);
  }
  const bits = Math.floor(bitsPerByte * bytes.length);
  if (bits < MIN_ESTIMATED_BITS) {
    return `its characters carry about ${bits} bits, at least ${MIN_ESTIMATED_BITS} are needed`;
  }
  return undefined;
}

/** The share of bytes that continue a run of MIN_REPEAT_LENGTH or more seen earlier (as LZ77 would copy). */
function repeatedShare(bytes: Uint8Array): number {
  let repeated = 0;
  for (let i = 0; i < bytes.length;) {
    let longest = 0;
    for (let j = 0; j < i; j++) {
      let length = 0;
      while (i + length < bytes.length && bytes[j + length] === bytes[i + length]) length++;
      longest = Math.max(longest, length);
    }
    if (longest >= MIN_REPEAT_LENGTH) {
      repeated += longest;
      i += longest;
    } else {
      i++;
    }
  }
  return bytes.length === 0 ? 0 : repeated / bytes.length;
}
