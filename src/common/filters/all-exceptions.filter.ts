import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorResponse, toErrorResponse } from '../errors/to-error-response';
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
    if (host.getType() === 'ws') {
      answerSocket(host, toSocketErrorBody(this.toLoggedResponse(exception)));
      return;
    }
    const http = host.switchToHttp();
    this.answerHttp(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /**
   * Also Fastify's error handler (configureApp): what fails before a route runs, such as a body
   * that does not parse, gets the same envelope and log as what a route throws.
   */
  answerHttp(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const response = this.toLoggedResponse(exception);
    if (response.statusCode === 404 && exception instanceof HttpException) {
      this.logger.warn(
        { path: request.originalUrl.split('?')[0], method: request.method },
        'Route not found',
      );
    }
    sendErrorEnvelope(request, reply, response);
  }

  private toLoggedResponse(exception: unknown): ErrorResponse {
    const response = toErrorResponse(exception);
    if (response.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    return response;
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
