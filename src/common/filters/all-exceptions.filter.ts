import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorResponse } from '../errors/to-error-response';
import { sendErrorEnvelope } from './send-error-envelope';

/**
 * The one exception filter, for HTTP and Socket.IO alike. Over HTTP it writes the envelope; on a
 * socket it answers the event's ack with the same fields (API.md §5), or emits `exception` when the
 * client asked for no ack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = toErrorResponse(exception);
    if (response.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }

    if (host.getType() === 'ws') {
      const ws = host.switchToWs();
      const ack = host.getArgByIndex<unknown>(host.getArgs().length - 1);
      const body = {
        statusCode: response.statusCode,
        error: response.error,
        message: response.message,
        details: response.details,
      };
      if (typeof ack === 'function') {
        (ack as (payload: unknown) => void)(body);
      } else {
        ws.getClient<{ emit(event: string, payload: unknown): void }>().emit('exception', body);
      }
      return;
    }

    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (response.statusCode === 404 && exception instanceof HttpException) {
      this.logger.warn({ path: req.originalUrl, method: req.method }, 'Route not found');
    }
    sendErrorEnvelope(req, res, response);
  }
}
