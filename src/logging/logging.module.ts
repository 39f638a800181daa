import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LevelWithSilent } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { assignRequestId } from '../common/http/request-id';

export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

const SECRET_QUERY_KEY = /token|password|secret|key|auth/i;

/** Logs the path, and the query with the values of anything secret-looking replaced. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()])
    if (SECRET_QUERY_KEY.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

function createHttpLogger(config: AppConfig): HttpLogger {
  return pinoHttp<IncomingMessage, ServerResponse, never>({
    level: config.logLevel,
    genReqId: assignRequestId,
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error): LevelWithSilent =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (req: IncomingMessage) => {
      const user = (req as IncomingMessage & { user?: { id: string } }).user;
      return user ? { userId: user.id } : {};
    },
    redact: { paths: ['password', 'passwordHash', '*.password', '*.passwordHash'], remove: true },
    quietReqLogger: true,
  });
}

/**
 * The request logger is mounted by configureApp as the first Express middleware, so every request
 * (any path, refused bodies included) is logged exactly once, as one JSON line with its request id.
 * Headers are not logged (they carry bearer tokens), bodies never are. nestjs-pino reuses the same
 * pino instance for application logs and binds them to the request in flight.
 */
@Global()
@Module({
  providers: [{ provide: HTTP_LOGGER, inject: [AppConfig], useFactory: createHttpLogger }],
  exports: [HTTP_LOGGER],
})
class HttpLoggerModule {}

@Module({
  imports: [
    HttpLoggerModule,
    LoggerModule.forRootAsync({
      imports: [HttpLoggerModule],
      inject: [HTTP_LOGGER],
      useFactory: (httpLogger: HttpLogger) => ({
        pinoHttp: { logger: httpLogger.logger },
        useExisting: true,
      }),
    }),
  ],
  exports: [HttpLoggerModule],
})
export class LoggingModule {}
