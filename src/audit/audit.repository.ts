import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
// `details` is free-form JSON, which TypeORM's deep-partial insert type cannot express.
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { WriteLock, type WriteOptions } from '../database/write-lock';
import { type AuditAction, AuditEntryEntity } from './entities/audit-entry.entity';

@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEntryEntity) private readonly repo: Repository<AuditEntryEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  async insert(entry: AuditEntryEntity, options?: WriteOptions): Promise<void> {
    await this.writeLock.run(
      () => this.repo.insert(entry as QueryDeepPartialEntity<AuditEntryEntity>),
      options,
    );
  }

  async updateDetails(
    id: string,
    details: Record<string, unknown>,
    options?: WriteOptions,
  ): Promise<void> {
    await this.writeLock.run(
      () => this.repo.update({ id }, { details } as QueryDeepPartialEntity<AuditEntryEntity>),
      options,
    );
  }

  findPage(
    offset: number,
    limit: number,
    action?: AuditAction,
  ): Promise<[AuditEntryEntity[], number]> {
    return this.repo.findAndCount({
      where: action ? { action } : {},
      order: { at: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /** The newest entries one user made (the assistant's read-only context). */
  findRecentByActor(actorId: string, limit: number): Promise<AuditEntryEntity[]> {
    return this.repo.find({ where: { actorId }, order: { at: 'DESC', id: 'ASC' }, take: limit });
  }
}
