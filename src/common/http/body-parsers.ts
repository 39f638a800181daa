import { parse as parseQueryString } from 'node:querystring';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { findJsonHazard } from './json-guard';

export interface BodyLimits {
  bodyLimitBytes: number;
  maxJsonDepth: number;
}

/** Form bodies name a handful of fields; more than this is refused as too large. */
const FORM_PARAMETER_LIMIT = 100;

/** What body-parser answered for a body it would not read: a client error it let through. */
class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return this.statusCode;
  }
}

/**
 * The service reads JSON and form bodies and nothing else, within the body limit (Fastify's
 * `bodyLimit`, set on the adapter) and, for JSON, the hazard check (depth, `__proto__` keys). A body
 * of any other type is left unread, as Express did: the route's validation then says what is
 * missing, rather than a 415 that tells a client nothing about the fields it got wrong.
 */
export function installBodyParsers(fastify: FastifyInstance, limits: BodyLimits): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (
      request: FastifyRequest,
      body: Buffer,
      done: (error: Error | null, body?: unknown) => void,
    ) => {
      try {
        done(null, parseJsonBody(request, body, limits.maxJsonDepth));
      } catch (error) {
        done(error as Error);
      }
    },
  );
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (
      request: FastifyRequest,
      body: string,
      done: (error: Error | null, body?: unknown) => void,
    ) => {
      try {
        done(null, parseFormBody(request, body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

function parseJsonBody(request: FastifyRequest, body: Buffer, maxJsonDepth: number): unknown {
  refuseForeignCharset(request);
  if (body.length === 0) return {};
  const hazard = findJsonHazard(body, maxJsonDepth);
  if (hazard) throw new AppError('validation_failed', hazard);
  const text = body.toString('utf8');
  // Strict, as Express's parser: a body is an object or an array, not a bare string or number.
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw new BodyError(400, 'Malformed request body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'Malformed request body');
  }
}

function parseFormBody(request: FastifyRequest, body: string): unknown {
  refuseForeignCharset(request);
  if (body.length === 0) return {};
  if (body.split('&', FORM_PARAMETER_LIMIT + 1).length > FORM_PARAMETER_LIMIT)
    throw new BodyError(413, 'Too many parameters');
  return { ...parseQueryString(body, '&', '=', { maxKeys: FORM_PARAMETER_LIMIT }) };
}

/** Bodies are read as UTF-8; a body that says it is in another charset would be misread. */
function refuseForeignCharset(request: FastifyRequest): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
    request.headers['content-type'] ?? '',
  )?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset))
    throw new BodyError(415, 'Unsupported charset');
}
