import type { Request, Response } from 'express';
import type { ErrorResponse } from '../errors/to-error-response';
import { requestIdOf } from '../http/request-id';

export function sendErrorEnvelope(req: Request, res: Response, error: ErrorResponse): void {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res.status(error.statusCode).json({
    ...error.extra,
    statusCode: error.statusCode,
    error: error.error,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
    path: req.originalUrl.split('?')[0],
    timestamp: new Date().toISOString(),
    requestId: requestIdOf(req),
  });
}
