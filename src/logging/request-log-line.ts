import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
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

/** What pino keeps of a logger that the line needs: where it writes and its base fields. */
interface PinoInternals {
  [pino.symbols.streamSym]: DestinationStream;
  /** `,"pid":…,"hostname":…`, as pino writes them after `time`. */
  [pino.symbols.chindingsSym]: string;
}

/**
 * Exactly one JSON line per request, written when the response closes (finished, or the client
 * gave up), with the request id that the response carries in X-Request-ID. Headers and bodies are
 * never logged. A listener of the request envelope, which times the request.
 *
 * The line is the one `logger.info({ reqId, req, res, responseTime, userId }, msg)` writes, the
 * same fields in the same order on the same stream at the same level, composed here: pino's
 * generic path (the logMethod hook, redaction, serialising an object it has to walk) cost
 * 18 µs a request under load, most of the log line's cost. Every value is a number or goes
 * through JSON.stringify; none can hold a secret (the URL's query is redacted above), which is why
 * skipping pino's redaction is safe here. request-log-line.spec.ts checks the line against pino's.
 */
export function requestLogLine(logger: Logger): RequestDoneListener {
  const internals = logger as unknown as PinoInternals;
  const stream = internals[pino.symbols.streamSym];
  const bindings = internals[pino.symbols.chindingsSym];
  return (req, res, elapsedMs) => {
    const aborted = !res.writableFinished;
    const statusCode = aborted ? 499 : res.statusCode;
    const level = levelFor(statusCode);
    if (!logger.isLevelEnabled(level)) return;
    const user = (req as FastifyRequest & { user?: AuthenticatedUser }).user;
    const remoteAddress = req.ip;
    const responseTime = Math.round(elapsedMs * 100) / 100;
    stream.write(
      `{"level":${logger.levels.values[level]},"time":${Date.now()}${bindings}` +
        `,"reqId":${JSON.stringify(requestIdOf(req))}` +
        `,"req":{"method":${JSON.stringify(req.method)},"url":${JSON.stringify(redactUrl(req.originalUrl))}` +
        `${remoteAddress === undefined ? '' : `,"remoteAddress":${JSON.stringify(remoteAddress)}`}}` +
        `,"res":{"statusCode":${statusCode}},"responseTime":${responseTime}` +
        `${user ? `,"userId":${JSON.stringify(user.id)}` : ''}${aborted ? ',"aborted":true' : ''}` +
        `,"msg":"${aborted ? 'request aborted' : 'request completed'}"}\n`,
    );
  };
}
