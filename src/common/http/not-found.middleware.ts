import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { toErrorResponse } from '../errors/to-error-response';
import { sendErrorEnvelope } from '../filters/send-error-envelope';

const logger = new Logger('Errors');

/**
 * Nest answers unknown paths only under the /api prefix; this, mounted last, answers the rest
 * (e.g. `POST /nothing`) in the same envelope and logs the missing path like the filter does.
 */
export function notFoundFallback(req: Request, res: Response): void {
  logger.warn({ path: req.originalUrl.split('?')[0], method: req.method }, 'Route not found');
  sendErrorEnvelope(
    req,
    res,
    toErrorResponse(new AppError('not_found', `Cannot ${req.method} ${req.path}`)),
  );
}
