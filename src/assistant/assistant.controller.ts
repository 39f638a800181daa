import { Body, Controller, Get, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { CurrentUser, RequireScopes } from '../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { toErrorResponse } from '../common/errors/to-error-response';
import { requestIdOf } from '../common/http/request-id';
import { type Page, PaginationQueryDto } from '../common/pagination/pagination.dto';
import { AssistantRateLimit } from '../common/throttling/assistant-rate-limit.decorator';
import { ParseUuidPipe } from '../common/validation/parse-uuid.pipe';
import { AssistantService, type ChatEvent } from './assistant.service';
import {
  ChatReplyDto,
  ChatRequestDto,
  ConversationDto,
  ConversationPageDto,
  type ConversationSummaryDto,
} from './dto/chat.dto';
import {
  callerGoneSignal,
  openEventStream,
  wantsEventStream,
  writeEvent,
} from './server-sent-events';

@ApiTags('assistant')
@Controller('ai')
export class AssistantController {
  private readonly logger = new Logger('Assistant');

  constructor(private readonly assistant: AssistantService) {}

  /**
   * JSON by default. With `Accept: text/event-stream` (or `stream: true`) the reply streams as
   * server-sent events: `start` (conversationId, model, sources, offline), `delta` ({ text }) for
   * each piece, then `done` (the JSON reply's body), or `error` (the error envelope) if it fails
   * midway; every event's data also carries its `type`.
   * A provider that fails before its first piece is a plain 502 / 504 either way.
   */
  @Post('chat')
  @RequireScopes('rover:view')
  @AssistantRateLimit()
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ChatReplyDto })
  @ApiBadGatewayResponse({ type: ErrorEnvelopeDto, description: 'The provider failed' })
  @ApiGatewayTimeoutResponse({
    type: ErrorEnvelopeDto,
    description: 'The provider did not answer in time',
  })
  async chat(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ChatRequestDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const callerGone = callerGoneSignal(reply.raw);
    if (!wantsEventStream(req) && dto.stream !== true) {
      void reply.code(200).send(await this.assistant.chat(user, dto, callerGone));
      return;
    }
    const events = this.assistant.chatStream(user, dto, callerGone);
    // Before anything is written: a failure here still reaches the client as an HTTP error.
    const first = await events.next();
    reply.hijack(); // from here the stream writes Node's response itself
    const res = reply.raw;
    openEventStream(res);
    try {
      if (!first.done) writeEvent(res, first.value.type, eventData(first.value));
      for await (const event of events) {
        if (res.destroyed) break;
        writeEvent(res, event.type, eventData(event));
      }
    } catch (error) {
      const envelope = toErrorResponse(error);
      if (envelope.statusCode >= 500 && envelope.error === 'internal_error') {
        this.logger.error({ err: error }, 'The assistant failed while streaming');
      }
      writeEvent(res, 'error', {
        type: 'error',
        statusCode: envelope.statusCode,
        error: envelope.error,
        message: envelope.message,
        path: req.originalUrl.split('?')[0],
        timestamp: new Date().toISOString(),
        requestId: requestIdOf(req),
      });
    } finally {
      res.end();
    }
  }

  @Get('conversations')
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: ConversationPageDto })
  conversations(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<ConversationSummaryDto>> {
    return this.assistant.conversationsOf(user, query.page, query.limit);
  }

  /** One of the caller's conversations; another user's is a 404, as if it did not exist. */
  @Get('conversations/:id')
  @RequireScopes('rover:view')
  conversation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
  ): Promise<ConversationDto> {
    return this.assistant.conversation(user, id);
  }
}

/** Each event's data names its type too, for clients that read `data` lines only. */
function eventData(event: ChatEvent): unknown {
  return event.type === 'done' ? { type: 'done', ...event.reply } : event;
}
