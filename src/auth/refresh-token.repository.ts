import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, type Repository } from 'typeorm';
import type { SessionEndReason } from '../common/sessions/session-events';
import { WriteLock } from '../database/write-lock';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

/** A login (refresh-token family) that was revoked, as another instance learns of it. */
export interface RevokedFamily {
  familyId: string;
  userId: string;
  reason: SessionEndReason | null;
}

/** The only place that touches TypeORM for refresh tokens. */
@Injectable()
export class RefreshTokenRepository {
  constructor(
    @InjectRepository(RefreshTokenEntity) private readonly repo: Repository<RefreshTokenEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  findById(id: string): Promise<RefreshTokenEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async insert(token: RefreshTokenEntity): Promise<void> {
    await this.writeLock.run(() => this.repo.insert(token));
  }

  /**
   * Spends a live token in one conditional statement, so two concurrent refreshes with the same
   * token cannot both win: the loser sees false and treats it as reuse.
   */
  async spend(id: string, now: Date): Promise<boolean> {
    const result = await this.writeLock.run(() =>
      this.repo.update({ id, spentAt: IsNull(), revokedAt: IsNull() }, { spentAt: now }),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Revokes one login of one user (the user id keeps a caller from naming another's login). */
  async revokeFamily(
    familyId: string,
    userId: string,
    reason: SessionEndReason,
    now: Date,
  ): Promise<void> {
    await this.writeLock.run(() =>
      this.repo.update(
        { familyId, userId, revokedAt: IsNull() },
        { revokedAt: now, revokedReason: reason },
      ),
    );
  }

  /**
   * The user's logins, except `exceptFamilyId`, that may still have a live access token: one of
   * their tokens was issued after `issuedAfter`.
   */
  async findFamiliesIssuedAfter(
    userId: string,
    issuedAfter: Date,
    exceptFamilyId?: string,
  ): Promise<string[]> {
    const query = this.repo
      .createQueryBuilder('t')
      .select('t.familyId', 'familyId')
      .distinct(true)
      .where('t.userId = :userId', { userId })
      .andWhere('t.createdAt > :issuedAfter', { issuedAfter });
    if (exceptFamilyId !== undefined) {
      query.andWhere('t.familyId <> :except', { except: exceptFamilyId });
    }
    const rows = await query.getRawMany<{ familyId: string }>();
    return rows.map((row) => row.familyId);
  }

  /** Revokes every login of the user except `exceptFamilyId`. */
  async revokeUserFamilies(
    userId: string,
    reason: SessionEndReason,
    now: Date,
    exceptFamilyId?: string,
  ): Promise<void> {
    const except = exceptFamilyId === undefined ? {} : { familyId: Not(exceptFamilyId) };
    await this.writeLock.run(() =>
      this.repo.update(
        { userId, revokedAt: IsNull(), ...except },
        { revokedAt: now, revokedReason: reason },
      ),
    );
  }

  /** Whether any token of the login was revoked (a revocation reaches every token of a family). */
  isFamilyRevoked(familyId: string): Promise<boolean> {
    return this.repo.existsBy({ familyId, revokedAt: Not(IsNull()) });
  }

  /**
   * Logins revoked after `since` that may still have a live access token (one was issued after
   * `issuedAfter`). Every instance runs this every couple of seconds, so it must stay a range scan
   * of idx_refresh_tokens_revoked: no GROUP BY, which SQLite's planner answers with a scan of the
   * family index over the whole table; the few duplicate rows are merged here instead.
   */
  async findRevokedSince(since: Date, issuedAfter: Date): Promise<RevokedFamily[]> {
    const rows = await this.repo
      .createQueryBuilder('t')
      .select('t.familyId', 'familyId')
      .addSelect('t.userId', 'userId')
      .addSelect('t.revokedReason', 'reason')
      .distinct(true)
      .where('t.revokedAt > :since', { since })
      .andWhere('t.createdAt > :issuedAfter', { issuedAfter })
      .getRawMany<RevokedFamily>();
    const byFamily = new Map<string, RevokedFamily>();
    for (const row of rows) if (!byFamily.has(row.familyId)) byFamily.set(row.familyId, row);
    return [...byFamily.values()];
  }
}
