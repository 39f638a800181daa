import type { Socket } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpConfig } from '../config/app-config';
import { toErrorResponse } from '../common/errors/to-error-response';
import { sendErrorEnvelope } from '../common/filters/send-error-envelope';
import { envelopeRefusedRequest } from '../common/http/request-envelope';
import { requestIdFor } from '../common/http/request-id';

/**
 * Longer than any id or name a route takes; find-my-way's default (100) would answer a longer
 * path segment with its own 414 before the validation pipe could say what is wrong with it.
 */
const MAX_PATH_PARAMETER_LENGTH = 2048;

/**
 * The HTTP server: Nest on Fastify rather than Express. Express's router and its request and
 * response prototypes cost more than the rest of the pipeline together on a small box (bench/README:
 * a bare Nest route answers 4-5k req/s on Express and 22-33k on Fastify on the same machine), and
 * the p99 the service promises at 50 connections is below what bare Express achieves there.
 *
 * The options keep what Express did: paths match without regard to case or a trailing slash, the
 * query string is parsed flat (node's querystring, as Express's `simple` parser: no
 * `a[__proto__]=1` objects), the proxy is trusted only when told, and a request id is the client's
 * when it is a plain token. Bodies are parsed by our own content-type parsers (body-parsers.ts).
 */
export function createHttpAdapter(http: HttpConfig): FastifyAdapter {
  return new AppFastifyAdapter({
    logger: false, // nestjs-pino writes the request log line (request-log-line.ts)
    trustProxy: http.trustProxy,
    bodyLimit: http.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: requestIdFor,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PATH_PARAMETER_LENGTH,
      querystringParser: (query) => parseQueryString(query),
    },
    clientErrorHandler: answerAsNodeDoes,
    // A path that does not decode (`/api/%E0`): the envelope, as for any other bad request.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      envelopeRefusedRequest(request, reply);
      sendErrorEnvelope(request, reply, toErrorResponse(error));
    },
  });
}

/** Node's own answers to a request it could not parse or that came too slowly (http-timeouts). */
const NODE_CLIENT_ERROR_RESPONSES: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
};
const NODE_BAD_REQUEST_RESPONSE = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

/**
 * What Node answers when nothing listens for `clientError`, rather than Fastify's JSON body: a
 * client that sent no parseable request gets the status line and nothing that echoes it.
 */
function answerAsNodeDoes(error: Error & { code?: string }, socket: Socket): void {
  // Not in the middle of a response already under way on this connection.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && current?.headersSent !== true) {
    socket.write(NODE_CLIENT_ERROR_RESPONSES[error.code ?? ''] ?? NODE_BAD_REQUEST_RESPONSE);
  }
  socket.destroy(error);
}

/**
 * Nest installs its error handler once the routes exist, and Fastify gives each route the handler
 * current when the route was added: Nest's would reach none of them, and setting a second handler
 * prints Fastify's FSTWRN004. configureApp installs ours before the routes instead.
 */
class AppFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}
