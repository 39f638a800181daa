import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WriteLock, type WriteOptions } from '../database/write-lock';
import { RoverSafetyStateEntity } from './entities/rover-safety-state.entity';

const KEY = 'rover';

@Injectable()
export class SafetyStateRepository {
  constructor(
    @InjectRepository(RoverSafetyStateEntity)
    private readonly repo: Repository<RoverSafetyStateEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  async load(): Promise<RoverSafetyStateEntity | null> {
    return this.repo.findOneBy({ key: KEY });
  }

  async save(state: Omit<RoverSafetyStateEntity, 'key'>, options?: WriteOptions): Promise<void> {
    await this.writeLock.run(() => this.repo.upsert({ key: KEY, ...state }, ['key']), options);
  }
}
