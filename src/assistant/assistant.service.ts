import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/pagination/pagination.dto';
import { AppConfig } from '../config/app-config';
import type { ChatMessage, SourceRef } from './assistant.types';
import type { ConversationEntity } from './conversations/conversation.entity';
import { ConversationsRepository } from './conversations/conversations.repository';
import type {
  ChatReplyDto,
  ChatRequestDto,
  ConversationDto,
  ConversationSummaryDto,
} from './dto/chat.dto';
import { AssistantProvider } from './providers/assistant-provider';
import { AssistantContextReader } from './retrieval/assistant-context';
import { buildPrompt } from './retrieval/prompt';
import { UpstreamDeadline } from './upstream-deadline';

export const ASSISTANT_REPLIES_METRIC = makeCounterProvider({
  name: 'assistant_replies_total',
  help: 'Assistant replies by provider (anthropic, offline) and outcome (ok, or the error code, or abandoned)',
  labelNames: ['provider', 'outcome'],
});

/** How much of a stored conversation goes back to the model with each question. */
const HISTORY_MESSAGES = 20;
const HISTORY_CHARS = 48_000;
const STORED_MESSAGES_SHOWN = 200;

export type ChatEvent =
  | { type: 'start'; conversationId: string; model: string; sources: SourceRef[]; offline: boolean }
  | { type: 'delta'; text: string }
  | { type: 'done'; reply: ChatReplyDto };

interface PreparedChat {
  conversation: ConversationEntity;
  isNew: boolean;
  asked: ChatMessage[];
  system: string;
  history: ChatMessage[];
  sources: SourceRef[];
  context: Awaited<ReturnType<AssistantContextReader['read']>>;
}

/**
 * One question in, one answer out: the caller's conversation (theirs only), retrieval, the
 * provider within its deadlines, and the exchange stored once the answer is complete. An answer
 * that fails or is abandoned stores nothing, so asking again starts clean.
 */
@Injectable()
export class AssistantService {
  constructor(
    private readonly provider: AssistantProvider,
    private readonly contextReader: AssistantContextReader,
    private readonly conversations: ConversationsRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectMetric('assistant_replies_total') private readonly replies: Counter<string>,
  ) {}

  async chat(
    user: AuthenticatedUser,
    dto: ChatRequestDto,
    callerGone: AbortSignal,
  ): Promise<ChatReplyDto> {
    const prepared = await this.prepare(user, dto);
    const deadline = this.deadline(callerGone);
    let text: string;
    try {
      text = await this.provider.complete(this.providerRequest(prepared, deadline.signal));
    } catch (error) {
      throw this.failed(deadline.explain(error), callerGone);
    } finally {
      deadline.dispose();
    }
    return this.store(prepared, text);
  }

  /**
   * The streamed answer. Its first event comes only once the provider's first piece has, so that a
   * provider that fails or stalls from the start is still a plain 502 or 504 to the client.
   */
  async *chatStream(
    user: AuthenticatedUser,
    dto: ChatRequestDto,
    callerGone: AbortSignal,
  ): AsyncGenerator<ChatEvent> {
    const prepared = await this.prepare(user, dto);
    const deadline = this.deadline(callerGone);
    const pieces: string[] = [];
    const start: ChatEvent = {
      type: 'start',
      conversationId: prepared.conversation.id,
      model: this.provider.model,
      sources: prepared.sources,
      offline: this.provider.offline,
    };
    let started = false;
    try {
      for await (const piece of this.provider.stream(
        this.providerRequest(prepared, deadline.signal),
      )) {
        deadline.touch();
        if (!started) {
          started = true;
          yield start;
        }
        pieces.push(piece);
        yield { type: 'delta', text: piece };
      }
    } catch (error) {
      throw this.failed(deadline.explain(error), callerGone);
    } finally {
      deadline.dispose();
    }
    if (callerGone.aborted) {
      this.count('abandoned');
      return;
    }
    if (!started) yield start;
    yield { type: 'done', reply: await this.store(prepared, pieces.join('')) };
  }

  async conversation(user: AuthenticatedUser, id: string): Promise<ConversationDto> {
    const conversation = await this.conversations.findOwned(id, user.id);
    if (!conversation) throw AppError.notFound('Conversation');
    const messages = await this.conversations.lastMessages(id, STORED_MESSAGES_SHOWN);
    return {
      ...toSummary(conversation),
      messages: messages.map((m) => ({
        role: m.role,
        content: m.content,
        sources: m.sources,
        model: m.model,
        createdAt: m.createdAt.toISOString(),
      })),
    };
  }

  async conversationsOf(
    user: AuthenticatedUser,
    page: number,
    limit: number,
  ): Promise<Page<ConversationSummaryDto>> {
    const [rows, total] = await this.conversations.findPageFor(user.id, (page - 1) * limit, limit);
    return { items: rows.map(toSummary), total, page, limit };
  }

  private async prepare(user: AuthenticatedUser, dto: ChatRequestDto): Promise<PreparedChat> {
    const asked: ChatMessage[] = dto.messages.map((m) => ({ role: m.role, content: m.content }));
    const question = asked[asked.length - 1];
    if (question.role !== 'user') {
      throw AppError.validation('messages', 'the last message must be the user\'s (role "user")');
    }
    const now = this.clock.now();
    let conversation: ConversationEntity;
    let stored: ChatMessage[] = [];
    if (dto.conversationId === undefined) {
      conversation = {
        id: randomUUID(),
        userId: user.id,
        title: titleFrom(asked.find((m) => m.role === 'user')?.content ?? question.content),
        createdAt: now,
        updatedAt: now,
      };
    } else {
      const found = await this.conversations.findOwned(dto.conversationId, user.id);
      if (!found) throw AppError.notFound('Conversation');
      conversation = found;
      stored = (await this.conversations.lastMessages(found.id, HISTORY_MESSAGES)).map((m) => ({
        role: m.role,
        content: m.content,
      }));
    }
    const context = await this.contextReader.read(question.content, user);
    const { system, sources } = buildPrompt(context);
    return {
      conversation,
      isNew: dto.conversationId === undefined,
      asked,
      system,
      history: trimHistory([...stored, ...asked]),
      sources,
      context,
    };
  }

  private providerRequest(prepared: PreparedChat, signal: AbortSignal) {
    return {
      system: prepared.system,
      messages: prepared.history,
      context: prepared.context,
      signal,
    };
  }

  private deadline(callerGone: AbortSignal): UpstreamDeadline {
    const { timeoutMs, maxDurationMs } = this.config.assistant;
    return new UpstreamDeadline(timeoutMs, maxDurationMs, callerGone);
  }

  private count(outcome: string): void {
    this.replies.inc({ provider: this.provider.offline ? 'offline' : 'anthropic', outcome });
  }

  private failed(error: unknown, callerGone: AbortSignal): unknown {
    this.count(
      callerGone.aborted ? 'abandoned' : error instanceof AppError ? error.code : 'internal_error',
    );
    return error;
  }

  private async store(prepared: PreparedChat, text: string): Promise<ChatReplyDto> {
    await this.conversations.appendExchange(
      prepared.conversation,
      prepared.isNew,
      prepared.asked,
      { content: text, sources: prepared.sources, model: this.provider.model },
      this.clock.now(),
    );
    this.count('ok');
    return {
      reply: text,
      model: this.provider.model,
      conversationId: prepared.conversation.id,
      sources: prepared.sources,
      offline: this.provider.offline,
    };
  }
}

/** The newest messages that fit, starting with a user's: the Messages API wants that first. */
function trimHistory(messages: ChatMessage[]): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let chars = 0;
  for (let i = messages.length - 1; i >= 0 && kept.length < HISTORY_MESSAGES; i--) {
    chars += messages[i].content.length;
    if (chars > HISTORY_CHARS && kept.length > 0) break;
    kept.unshift(messages[i]);
  }
  while (kept.length > 1 && kept[0].role !== 'user') kept.shift();
  return kept;
}

function titleFrom(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

function toSummary(row: ConversationEntity): ConversationSummaryDto {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
