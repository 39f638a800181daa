import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../errors/app-error';
import { toErrorResponse } from '../errors/to-error-response';
import { sendErrorEnvelope } from '../filters/send-error-envelope';
import { findJsonHazard } from './json-guard';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

// body-parser wraps whatever `verify` throws; this tag lets the handler recognise ours.
const HAZARD_TYPE = 'entity.hazard';

/**
 * Body parsing runs as Nest middleware, after the request logger, so that a refused body (413, bad
 * JSON, hazard) is logged with its request id and answered in the standard envelope rather than by
 * Express's default HTML error page.
 */
function enveloped(parser: Middleware): Middleware {
  return (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      if (err === undefined || err === null) return next();
      const { type, message } = err as { type?: unknown; message?: unknown };
      const mapped = type === HAZARD_TYPE ? new AppError('validation_failed', String(message)) : err;
      sendErrorEnvelope(req, res, toErrorResponse(mapped));
    });
}

@Module({})
export class HttpPipelineModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    const { bodyLimitBytes, maxJsonDepth } = this.config.http;
    const verify = (_req: unknown, _res: unknown, buf: Buffer): void => {
      const hazard = findJsonHazard(buf, maxJsonDepth);
      if (hazard) throw Object.assign(new Error(hazard), { type: HAZARD_TYPE });
    };
    consumer
      .apply(
        enveloped(express.json({ limit: bodyLimitBytes, strict: true, verify })),
        enveloped(express.urlencoded({ limit: bodyLimitBytes, extended: false, parameterLimit: 100 })),
      )
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
