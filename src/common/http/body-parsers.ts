import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import typeIs from 'type-is';
import { AppError } from '../errors/app-error';
import { toErrorResponse } from '../errors/to-error-response';
import { sendErrorEnvelope } from '../filters/send-error-envelope';
import { findJsonHazard } from './json-guard';

// body-parser wraps whatever `verify` throws; this tag lets us recognise ours.
const HAZARD_TYPE = 'entity.hazard';

export interface BodyLimits {
  bodyLimitBytes: number;
  maxJsonDepth: number;
}

/**
 * JSON and form parsers with the 1 MiB limit and the hazard check. Parse errors happen before Nest's
 * router, where its filters cannot see them, so each parser answers its own errors in the envelope.
 */
export function bodyParsers(limits: BodyLimits): RequestHandler[] {
  const verify = (_req: unknown, _res: unknown, buf: Buffer): void => {
    const hazard = findJsonHazard(buf, limits.maxJsonDepth);
    if (hazard) throw Object.assign(new Error(hazard), { type: HAZARD_TYPE });
  };
  return [
    enveloped(express.json({ limit: limits.bodyLimitBytes, strict: true, verify })),
    enveloped(
      express.urlencoded({ limit: limits.bodyLimitBytes, extended: false, parameterLimit: 100 }),
    ),
  ];
}

function enveloped(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!typeIs.hasBody(req)) return next(); // most requests are bodiless GETs
    parser(req, res, (err?: unknown) => {
      if (err === undefined || err === null) return next();
      const { type, message } = err as { type?: unknown; message?: unknown };
      const mapped =
        type === HAZARD_TYPE ? new AppError('validation_failed', String(message)) : err;
      sendErrorEnvelope(req, res, toErrorResponse(mapped));
    });
  };
}
