import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionEndReason } from '../../common/sessions/session-events';
import { UserEntity } from '../../users/entities/user.entity';
import { TIMESTAMP, UUID } from '../../database/column-types';

/**
 * One row per refresh token ever issued. A login starts a family; each refresh spends its token and
 * issues the next in the same family, so presenting a spent token reveals a theft and revokes the family.
 */
@Entity('refresh_tokens')
@Index('idx_refresh_tokens_family', ['familyId'])
@Index('idx_refresh_tokens_user', ['userId'])
// Every instance polls for recent revocations every couple of seconds; this keeps that a range scan.
@Index('idx_refresh_tokens_revoked', ['revokedAt'])
export class RefreshTokenEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ ...UUID, name: 'family_id' })
  familyId!: string;

  @Column({ ...UUID, name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** SHA-256 of the token's secret part; the secret itself is never stored. */
  @Column({ type: 'varchar', length: 64, name: 'secret_hash' })
  secretHash!: string;

  @Column({ ...TIMESTAMP, name: 'expires_at' })
  expiresAt!: Date;

  @Column({ ...TIMESTAMP, name: 'spent_at', nullable: true })
  spentAt!: Date | null;

  @Column({ ...TIMESTAMP, name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** Why the login was revoked, so another instance that learns of it can tell its sockets why. */
  @Column({ type: 'varchar', length: 32, name: 'revoked_reason', nullable: true })
  revokedReason!: SessionEndReason | null;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;
}
