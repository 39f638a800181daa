import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';
import type { ChatRole, SourceRef } from '../assistant.types';

@Entity('assistant_messages')
@Index('idx_assistant_messages_conversation', ['conversationId', 'position'])
export class ConversationMessageEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ ...UUID, name: 'conversation_id' })
  conversationId!: string;

  /** Order within the conversation. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 16 })
  role!: ChatRole;

  @Column({ type: 'text' })
  content!: string;

  /** On assistant messages: what the reply was built from. */
  @Column({ type: 'simple-json' })
  sources!: SourceRef[];

  /** On assistant messages: the model that wrote it (or the offline assistant). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  model!: string | null;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;
}
