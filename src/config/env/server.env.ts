import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsString, MaxLength } from 'class-validator';
import { type EnvBase, EnvInt, toBool } from './env-fields';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The process and its HTTP server: where it listens, what it logs, whom it trusts, how long it waits. */
export function ServerEnv<TBase extends EnvBase>(Base: TBase) {
  class ServerEnv extends Base {
    @IsEnum(NodeEnv)
    NODE_ENV: NodeEnv = NodeEnv.Development;

    @IsString()
    @MaxLength(255)
    HOST = '127.0.0.1';

    @EnvInt(0, 65535) PORT = 3000;

    @IsIn(LOG_LEVELS)
    LOG_LEVEL: LogLevel = 'info';

    @IsString()
    CORS_ORIGINS = '';

    /** The whole request, body included, must arrive within this (slow-body clients are cut off). */
    @EnvInt(1000, 600_000) HTTP_REQUEST_TIMEOUT_MS = 15_000;

    /** The request headers must arrive within this; at most HTTP_REQUEST_TIMEOUT_MS. */
    @EnvInt(1000, 600_000) HTTP_HEADERS_TIMEOUT_MS = 10_000;

    /** An idle keep-alive connection is closed after this. */
    @EnvInt(1000, 600_000) HTTP_KEEP_ALIVE_TIMEOUT_MS = 5000;

    @Transform(toBool)
    @IsBoolean()
    TRUST_PROXY = false;
  }
  return ServerEnv;
}
