import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../errors/to-error-response';
import { sendErrorEnvelope } from './send-error-envelope';
import { type SocketErrorBody, toSocketErrorBody } from './socket-error-body';

type SocketAck = (body: SocketErrorBody) => void;

/**
 * The one exception filter, for HTTP and Socket.IO alike. Over HTTP it writes the envelope; on a
 * socket it answers the event's ack with the same fields (API.md §5), or emits `exception` when the
 * client asked for no ack. Gateways get it through @RealtimeGateway (Nest applies no global filter
 * to them).
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
      answerSocket(host, toSocketErrorBody(response));
      return;
    }

    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    if (response.statusCode === 404 && exception instanceof HttpException) {
      this.logger.warn({ path: req.originalUrl.split('?')[0], method: req.method }, 'Route not found');
    }
    sendErrorEnvelope(req, res, response);
  }
}

function answerSocket(host: ArgumentsHost, body: SocketErrorBody): void {
  const ack = socketAckOf(host);
  if (ack) {
    ack(body);
    return;
  }
  host
    .switchToWs()
    .getClient<{ emit(event: string, payload: unknown): void }>()
    .emit('exception', body);
}

/**
 * Nest calls a socket handler with (client, data, ack) and then appends the event's pattern, so the
 * ack is the third argument, not the last; it is undefined when the client asked for none.
 */
export function socketAckOf(host: ArgumentsHost): SocketAck | undefined {
  const ack: unknown = host.getArgByIndex(2);
  return typeof ack === 'function' ? (ack as SocketAck) : undefined;
}
