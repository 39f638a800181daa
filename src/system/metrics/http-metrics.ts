import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Counter, Histogram, LabelValues } from 'prom-client';

export const HTTP_REQUESTS_TOTAL = 'http_requests_total';
export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';

type Labels = LabelValues<'method' | 'route' | 'status'>;

/**
 * Counts and times every finished request by route pattern (not raw URL: ids would explode the
 * label set): the routes the app registered, and `unmatched` for any other path under /api. The
 * console's files and aborted requests are not counted. Called by the request envelope, once a
 * request is done; a route's labels are built once, not on every request.
 */
@Injectable()
export class HttpMetrics {
  private readonly labelsByKey = new Map<string, Labels>();

  constructor(
    @InjectMetric(HTTP_REQUESTS_TOTAL) private readonly requests: Counter<string>,
    @InjectMetric(HTTP_REQUEST_DURATION) private readonly duration: Histogram<string>,
  ) {}

  readonly observe = (request: FastifyRequest, res: ServerResponse, elapsedMs: number): void => {
    if (!res.writableFinished) return;
    const route = routeLabelOf(request);
    if (route === undefined) return;
    const labels = this.labelsFor(request.method, route, res.statusCode);
    this.requests.inc(labels);
    this.duration.observe(labels, elapsedMs / 1000);
  };

  private labelsFor(method: string, route: string, statusCode: number): Labels {
    // Bounded: registered routes (or `unmatched`) x the methods Node parses x status codes.
    const key = `${method} ${statusCode} ${route}`;
    let labels = this.labelsByKey.get(key);
    if (labels === undefined) {
      labels = { method, route, status: String(statusCode) };
      this.labelsByKey.set(key, labels);
    }
    return labels;
  }
}

/** Paths the app answers itself; anything else that matched a route is a file of the console. */
const APP_ROUTE = /^\/(?:api|docs|health|metrics)(?:[/-]|$)/;

/**
 * The route's pattern (`/api/navigation/:id`), `unmatched` for an unknown path under /api, or
 * undefined for what is not counted: the console's files and unknown paths outside /api.
 */
function routeLabelOf(request: FastifyRequest): string | undefined {
  const pattern = request.is404 ? undefined : request.routeOptions.url;
  if (pattern !== undefined) return APP_ROUTE.test(pattern) ? pattern : undefined;
  const path = request.url;
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/api?')
    ? 'unmatched'
    : undefined;
}
