import { parse as parseQueryString } from 'node:querystring';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { HttpConfig } from '../config/app-config';
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
  return new FastifyAdapter({
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
  });
}
