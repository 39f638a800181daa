import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * A GET or HEAD whose If-None-Match names the ETag the response carries is answered 304 with no
 * body, as Express did for every route: a console that polls a record it already has gets two
 * hundred bytes of headers back instead of the record. A request that says `Cache-Control:
 * no-cache` wants the body whatever it holds.
 */
export function installConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook(
    'onSend',
    (
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (error: Error | null, payload?: unknown) => void,
    ) => {
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch === undefined || !isFresh(request, reply, ifNoneMatch)) {
        done(null, payload);
        return;
      }
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      done(null, '');
    },
  );
}

function isFresh(request: FastifyRequest, reply: FastifyReply, ifNoneMatch: string): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (reply.statusCode !== 200) return false;
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/i.test(request.headers['cache-control'] ?? '')) return false;
  const etag = reply.getHeader('etag');
  if (typeof etag !== 'string') return false;
  if (ifNoneMatch.trim() === '*') return true;
  const current = weak(etag);
  return ifNoneMatch.split(',').some((candidate) => weak(candidate.trim()) === current);
}

/** ETags compare weakly for a GET (RFC 9110 §13.1.2): `W/"x"` matches `"x"`. */
function weak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
