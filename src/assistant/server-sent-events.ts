import type { ServerResponse } from 'node:http';
import accepts from 'accepts';
import type { FastifyRequest } from 'fastify';

/** Whether the client asked for the streamed reply (`Accept: text/event-stream` preferred to JSON). */
export function wantsEventStream(request: FastifyRequest): boolean {
  return (
    accepts(request.raw).type(['application/json', 'text/event-stream']) === 'text/event-stream'
  );
}

/** Aborts once the client has gone before the response was finished. */
export function callerGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Node's response, for the stream to write itself: the envelope's headers are already on it. */
export function openEventStream(res: ServerResponse): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  // no-transform: a proxy must not buffer or compress the stream; X-Accel-Buffering says so to nginx.
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
}

/** One event; `data` is JSON on one line, so no payload can break the framing. */
export function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
