import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
// `details` is free-form JSON, which TypeORM's deep-partial insert type cannot express.
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { WriteLock, type WriteOptions } from '../database/write-lock';
import { AlertEntity, type AlertKind } from './entities/alert.entity';

@Injectable()
export class AlertsRepository {
  constructor(
    @InjectRepository(AlertEntity) private readonly repo: Repository<AlertEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  async insert(alert: AlertEntity, options?: WriteOptions): Promise<void> {
    await this.writeLock.run(
      () => this.repo.insert(alert as QueryDeepPartialEntity<AlertEntity>),
      options,
    );
  }

  findPage(offset: number, limit: number, kind?: AlertKind): Promise<[AlertEntity[], number]> {
    return this.repo.findAndCount({
      where: kind ? { kind } : {},
      order: { at: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }
}
