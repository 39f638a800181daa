import type { Request } from 'express';
import type { Level, Logger } from 'pino';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import type { RequestDoneListener } from '../common/http/request-envelope';
import { requestIdOf } from '../common/http/request-id';

const SECRET_QUERY_KEY = /token|password|secret|key|auth/i;

/** The path, and the query with the values of anything secret-looking replaced. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()])
    if (SECRET_QUERY_KEY.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

function levelFor(statusCode: number): Level {
  if (statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

/**
 * Exactly one JSON line per request, written when the response closes (finished, or the client
 * gave up), with the request id that the response carries in X-Request-ID. Headers and bodies are
 * never logged. It writes straight to the root logger: a per-request child logger and an
 * AsyncLocalStorage context (what pino-http + nestjs-pino would add) cost more than the rest of
 * an authenticated read, and the few application logs made inside a request name the request id
 * themselves. A listener of the request envelope, which times the request.
 */
export function requestLogLine(logger: Logger): RequestDoneListener {
  return (req, res, elapsedNs) => {
    const aborted = !res.writableFinished;
    const statusCode = aborted ? 499 : res.statusCode;
    const user = (req as Request & { user?: AuthenticatedUser }).user;
    logger[levelFor(statusCode)](
      {
        reqId: requestIdOf(req),
        req: { method: req.method, url: redactUrl(req.originalUrl), remoteAddress: req.ip },
        res: { statusCode },
        responseTime: Math.round(Number(elapsedNs) / 1e4) / 100,
        ...(user ? { userId: user.id } : {}),
        ...(aborted ? { aborted: true } : {}),
      },
      aborted ? 'request aborted' : 'request completed',
    );
  };
}
