import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';

@Entity('assistant_conversations')
@Index('idx_assistant_conversations_user', ['userId', 'updatedAt'])
export class ConversationEntity {
  @PrimaryColumn(UUID)
  id!: string;

  /** The owner; nobody else reads it, admins included. */
  @Column({ ...UUID, name: 'user_id' })
  userId!: string;

  /** The start of the first question, for a list of one's conversations. */
  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
