import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '../errors/to-error-response';
import { requestIdOf } from '../http/request-id';

export function sendErrorEnvelope(
  request: FastifyRequest,
  reply: FastifyReply,
  error: ErrorResponse,
): void {
  if (reply.sent || reply.raw.headersSent) return;
  reply.code(error.statusCode);
  for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
  void reply.type('application/json; charset=utf-8').send({
    ...error.extra,
    statusCode: error.statusCode,
    error: error.error,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    path: request.originalUrl.split('?')[0],
    timestamp: new Date().toISOString(),
    requestId: requestIdOf(request),
  });
}
