import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { WriteLock } from '../database/write-lock';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

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

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.writeLock.run(() =>
      this.repo.update({ familyId, revokedAt: IsNull() }, { revokedAt: now }),
    );
  }
}
