import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WriteLock } from '../../database/write-lock';
import type { ChatMessage, SourceRef } from '../assistant.types';
import { ConversationMessageEntity } from './conversation-message.entity';
import { ConversationEntity } from './conversation.entity';

export interface ReplyToStore {
  content: string;
  sources: SourceRef[];
  model: string;
}

@Injectable()
export class ConversationsRepository {
  constructor(
    @InjectRepository(ConversationEntity)
    private readonly conversations: Repository<ConversationEntity>,
    @InjectRepository(ConversationMessageEntity)
    private readonly messages: Repository<ConversationMessageEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  /** The conversation if `userId` owns it; another user's is as absent as an unknown one. */
  findOwned(id: string, userId: string): Promise<ConversationEntity | null> {
    return this.conversations.findOneBy({ id, userId });
  }

  findPageFor(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<[ConversationEntity[], number]> {
    return this.conversations.findAndCount({
      where: { userId },
      order: { updatedAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /** The last `limit` messages, oldest first. */
  async lastMessages(conversationId: string, limit: number): Promise<ConversationMessageEntity[]> {
    const newestFirst = await this.messages.find({
      where: { conversationId },
      order: { position: 'DESC' },
      take: limit,
    });
    return newestFirst.reverse();
  }

  /**
   * Stores one exchange (the caller's messages and the reply) in one transaction, creating the
   * conversation on its first exchange, so a conversation never holds a question without its
   * answer.
   */
  async appendExchange(
    conversation: ConversationEntity,
    isNew: boolean,
    asked: ChatMessage[],
    reply: ReplyToStore,
    now: Date,
  ): Promise<void> {
    await this.writeLock.run(() =>
      this.conversations.manager.transaction(async (manager) => {
        if (isNew) await manager.insert(ConversationEntity, conversation);
        else await manager.update(ConversationEntity, { id: conversation.id }, { updatedAt: now });
        const last = await manager
          .createQueryBuilder(ConversationMessageEntity, 'm')
          .select('MAX(m.position)', 'max')
          .where('m.conversationId = :id', { id: conversation.id })
          .getRawOne<{ max: number | null }>();
        let position = Number(last?.max ?? 0);
        const rows: ConversationMessageEntity[] = [
          ...asked.map((message) => ({
            id: randomUUID(),
            conversationId: conversation.id,
            position: ++position,
            role: message.role,
            content: message.content,
            sources: [],
            model: null,
            createdAt: now,
          })),
          {
            id: randomUUID(),
            conversationId: conversation.id,
            position: ++position,
            role: 'assistant',
            content: reply.content,
            sources: reply.sources,
            model: reply.model,
            createdAt: now,
          },
        ];
        await manager.insert(ConversationMessageEntity, rows);
      }),
    );
  }
}
