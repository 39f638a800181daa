import { parse as parseQueryString } from 'node:querystring';
import { brotliDecompressSync, gunzipSync, inflateSync, type ZlibOptions } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { findJsonHazard } from './json-guard';

export interface BodyLimits {
  bodyLimitBytes: number;
  maxJsonDepth: number;
}

/** Form bodies name a handful of fields; more than this is refused as too large. */
const FORM_PARAMETER_LIMIT = 100;

/**
 * A body refused as a client's mistake, shaped as http-errors' errors are (`statusCode`, `expose`):
 * Fastify hands it to our error handler, which answers it by status (to-error-response.ts).
 */
class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
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
  const parser =
    (parse: (body: Buffer) => unknown) =>
    (
      request: FastifyRequest,
      body: Buffer,
      done: (error: Error | null, body?: unknown) => void,
    ): void => {
      try {
        refuseForeignCharset(request);
        done(null, parse(decoded(request, body, limits)));
      } catch (error) {
        done(error as Error);
      }
    };
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    parser((body) => parseJsonBody(body, limits.maxJsonDepth)),
  );
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    parser((body) => parseFormBody(body.toString('utf8'))),
  );
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

type Decompress = (buffer: Buffer, options: ZlibOptions) => Buffer;
const DECOMPRESSORS: Readonly<Record<string, Decompress>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * A body sent compressed (`Content-Encoding`), as Express's parser read it: inflated, and within
 * the body limit once inflated, so a small bomb cannot unpack into memory. Another encoding is
 * refused rather than parsed as if it were plain.
 */
function decoded(request: FastifyRequest, body: Buffer, limits: BodyLimits): Buffer {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return body;
  const decompress = DECOMPRESSORS[encoding];
  if (decompress === undefined) throw new BodyError(415, `Unsupported content encoding`);
  try {
    return decompress(body, { maxOutputLength: limits.bodyLimitBytes });
  } catch (error) {
    const tooLarge = (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new BodyError(tooLarge ? 413 : 400, 'Body does not decompress within the limit');
  }
}

function parseJsonBody(body: Buffer, maxJsonDepth: number): unknown {
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

function parseFormBody(body: string): unknown {
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
