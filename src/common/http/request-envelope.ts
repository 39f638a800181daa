import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { assignRequestId } from './request-id';
import type { ConstantHeader } from './security-headers';

/** Told once per request when its response is done, or when the client went away first. */
export type RequestDoneListener = (req: Request, res: Response, elapsedMs: number) => void;

export interface RequestEnvelopeOptions {
  /** Set on every response (the security policy): values that never depend on the request. */
  constantHeaders: readonly ConstantHeader[];
  /** The request log line and the metrics. */
  onDone: readonly RequestDoneListener[];
}

const STARTED_MS = Symbol('startedMs');

type EnvelopedResponse = Response & { [STARTED_MS]: number };

/**
 * What every request gets, in one middleware mounted first: its id (X-Request-ID, also `req.id`),
 * the constant security headers, X-Process-Time set as the headers go out, and one call of each
 * done-listener when the response closes (finished, or aborted: `res.writableFinished` tells).
 * One middleware, one property and one `close` listener per request, with functions made once
 * rather than closures made for each request: this runs on every request the service answers.
 */
export function requestEnvelope(options: RequestEnvelopeOptions): RequestHandler {
  const headers = [...options.constantHeaders];
  const onDone = [...options.onDone];
  function onClose(this: EnvelopedResponse): void {
    const elapsedMs = performance.now() - this[STARTED_MS];
    for (const listener of onDone) listener(this.req, this, elapsedMs);
  }
  return (req: Request, res: Response, next: NextFunction) => {
    (res as EnvelopedResponse)[STARTED_MS] = performance.now();
    (req as Request & { id: string }).id = assignRequestId(req, res);
    for (const [name, value] of headers) res.setHeader(name, value);
    res.writeHead = writeHeadWithProcessTime as Response['writeHead'];
    // `on`, not `once`: a response closes once, and once's wrapper would be one more allocation.
    res.on('close', onClose);
    next();
  };
}

/**
 * The last moment a header can still be added; it covers everything up to the body's first byte.
 * Express's response inherits Node's writeHead, which this calls once the header is set.
 */
function writeHeadWithProcessTime(this: EnvelopedResponse, ...args: unknown[]): Response {
  if (!this.headersSent) {
    this.setHeader('X-Process-Time', (performance.now() - this[STARTED_MS]).toFixed(3));
  }
  const inherited = Reflect.get(Object.getPrototypeOf(this) as object, 'writeHead') as (
    this: Response,
    ...a: unknown[]
  ) => Response;
  return inherited.apply(this, args);
}
