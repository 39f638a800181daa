import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Request, Response } from 'express';
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

  readonly observe = (req: Request, res: Response, elapsedMs: number): void => {
    if (!res.writableFinished) return;
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    let route: string;
    if (typeof routePath === 'string') route = `${req.baseUrl}${routePath}`;
    else if (req.path === '/api' || req.path.startsWith('/api/')) route = 'unmatched';
    else return;
    const labels = this.labelsFor(req.method, route, res.statusCode);
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
