import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id';
import type { ConstantHeader } from './security-headers';

/** Told once per request when its response is done, or when the client went away first. */
export type RequestDoneListener = (
  request: FastifyRequest,
  response: ServerResponse,
  elapsedMs: number,
) => void;

export interface RequestEnvelopeOptions {
  /** Set on every response (the security policy): values that never depend on the request. */
  constantHeaders: readonly ConstantHeader[];
  /** The request log line and the metrics. */
  onDone: readonly RequestDoneListener[];
}

const STARTED_MS = Symbol('startedMs');
const REQUEST = Symbol('request');

type EnvelopedResponse = ServerResponse & { [STARTED_MS]: number; [REQUEST]: FastifyRequest };

/** Each app's envelope, for the requests that reach none of its hooks (envelopeRefusedRequest). */
const envelopes = new WeakMap<
  FastifyInstance,
  (request: FastifyRequest, reply: FastifyReply) => void
>();

/**
 * What every request gets, in one hook run first: its id in X-Request-ID (Fastify made it, see
 * requestIdFor), the constant security headers, X-Process-Time set as the headers go out, and one
 * call of each done-listener when the response closes (finished, or aborted:
 * `res.writableFinished` tells). The headers go on Node's response rather than Fastify's reply so
 * that they are on everything that leaves, a hijacked event stream and a static file included.
 * One hook, two properties and one `close` listener per request, with functions made once rather
 * than closures made for each request: this runs on every request the service answers.
 */
export function installRequestEnvelope(
  fastify: FastifyInstance,
  options: RequestEnvelopeOptions,
): void {
  const headers = [...options.constantHeaders];
  const onDone = [...options.onDone];
  function onClose(this: EnvelopedResponse): void {
    const elapsedMs = performance.now() - this[STARTED_MS];
    for (const listener of onDone) listener(this[REQUEST], this, elapsedMs);
  }
  const envelope = (request: FastifyRequest, reply: FastifyReply): void => {
    const res = reply.raw as EnvelopedResponse;
    res[STARTED_MS] = performance.now();
    res[REQUEST] = request;
    res.setHeader(REQUEST_ID_HEADER, request.id);
    for (const [name, value] of headers) res.setHeader(name, value);
    res.writeHead = writeHeadWithProcessTime as EnvelopedResponse['writeHead'];
    // `on`, not `once`: a response closes once, and once's wrapper would be one more allocation.
    res.on('close', onClose);
  };
  envelopes.set(fastify, envelope);
  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      envelope(request, reply);
      done();
    },
  );
}

/**
 * For a request Fastify refuses before any hook runs (a path that does not decode): it gets the
 * same id, headers and log line as the rest.
 */
export function envelopeRefusedRequest(request: FastifyRequest, reply: FastifyReply): void {
  envelopes.get(request.server)?.(request, reply);
}

/**
 * The last moment a header can still be added; it covers everything up to the body's first byte.
 * Fastify's reply ends in Node's writeHead, which this calls once the header is set.
 */
function writeHeadWithProcessTime(this: EnvelopedResponse, ...args: unknown[]): ServerResponse {
  if (!this.headersSent) {
    this.setHeader('X-Process-Time', (performance.now() - this[STARTED_MS]).toFixed(3));
  }
  const inherited = Reflect.get(Object.getPrototypeOf(this) as object, 'writeHead') as (
    this: ServerResponse,
    ...a: unknown[]
  ) => ServerResponse;
  return inherited.apply(this, args);
}
