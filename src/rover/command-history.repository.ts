import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WriteLock, type WriteOptions } from '../database/write-lock';
import { RoverCommandEntity } from './entities/rover-command.entity';

type StageChange = Partial<
  Pick<
    RoverCommandEntity,
    | 'status'
    | 'reason'
    | 'hostSeq'
    | 'sentAt'
    | 'acknowledgedAt'
    | 'completedAt'
    | 'rejectedAt'
    | 'timedOutAt'
  >
>;

@Injectable()
export class CommandHistoryRepository {
  constructor(
    @InjectRepository(RoverCommandEntity) private readonly repo: Repository<RoverCommandEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  async insert(command: RoverCommandEntity, options?: WriteOptions): Promise<void> {
    await this.writeLock.run(() => this.repo.insert(command), options);
  }

  async update(id: string, change: StageChange, options?: WriteOptions): Promise<void> {
    await this.writeLock.run(() => this.repo.update({ id }, change), options);
  }

  findById(id: string): Promise<RoverCommandEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findPage(offset: number, limit: number): Promise<[RoverCommandEntity[], number]> {
    return this.repo.findAndCount({
      order: { queuedAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }
}
