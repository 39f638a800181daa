import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { assignRequestId } from '../common/http/request-id';

const SECRET_QUERY_KEY = /token|password|secret|key|auth/i;

/** Logs the path, and the query with the values of anything secret-looking replaced. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_QUERY_KEY.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

/**
 * One JSON line per request (pino-http), carrying the request id. Request headers are not logged at
 * all (they hold bearer tokens and cookies), and bodies never are.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: assignRequestId,
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
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
          redact: { paths: ['req.headers', 'res.headers', 'password', 'passwordHash', '*.password', '*.passwordHash'], remove: true },
          quietReqLogger: true,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
