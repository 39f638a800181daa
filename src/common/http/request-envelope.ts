import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { assignRequestId } from './request-id';
import type { ConstantHeader } from './security-headers';

/** Told once per request when its response is done, or when the client went away first. */
export type RequestDoneListener = (req: Request, res: Response, elapsedNs: bigint) => void;

export interface RequestEnvelopeOptions {
  /** Set on every response (the security policy): values that never depend on the request. */
  constantHeaders: readonly ConstantHeader[];
  /** The request log line and the metrics. */
  onDone: readonly RequestDoneListener[];
}

const STARTED_NS = Symbol('startedNs');
const ON_DONE = Symbol('onDone');

type EnvelopedResponse = Response & {
  [STARTED_NS]: bigint;
  [ON_DONE]: readonly RequestDoneListener[];
};

/**
 * What every request gets, in one middleware mounted first: its id (X-Request-ID, also `req.id`),
 * the constant security headers, X-Process-Time set as the headers go out, and one call of each
 * done-listener when the response closes (finished, or aborted: `res.writableFinished` tells).
 * One middleware and one `close` listener per request, with functions shared by all requests
 * rather than closures made for each, since these run on every request the service answers.
 */
export function requestEnvelope(options: RequestEnvelopeOptions): RequestHandler {
  const headers = [...options.constantHeaders];
  const onDone = [...options.onDone];
  return (req: Request, res: Response, next: NextFunction) => {
    const enveloped = res as EnvelopedResponse;
    enveloped[STARTED_NS] = process.hrtime.bigint();
    enveloped[ON_DONE] = onDone;
    (req as Request & { id: string }).id = assignRequestId(req, res);
    for (const [name, value] of headers) res.setHeader(name, value);
    res.writeHead = writeHeadWithProcessTime as Response['writeHead'];
    res.once('close', onClose);
    next();
  };
}

/**
 * The last moment a header can still be added; it covers everything up to the body's first byte.
 * Express's response inherits Node's writeHead, which this calls once the header is set.
 */
function writeHeadWithProcessTime(this: EnvelopedResponse, ...args: unknown[]): Response {
  if (!this.headersSent) {
    const ms = Number(process.hrtime.bigint() - this[STARTED_NS]) / 1e6;
    this.setHeader('X-Process-Time', ms.toFixed(3));
  }
  const inherited = Reflect.get(Object.getPrototypeOf(this) as object, 'writeHead') as (
    this: Response,
    ...a: unknown[]
  ) => Response;
  return inherited.apply(this, args);
}

function onClose(this: EnvelopedResponse): void {
  const elapsedNs = process.hrtime.bigint() - this[STARTED_NS];
  for (const listener of this[ON_DONE]) listener(this.req, this, elapsedNs);
}
