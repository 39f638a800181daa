import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CatalogRepository } from '../database/catalog.repository';
import { WriteLock } from '../database/write-lock';
import { CollisionAvoidanceModuleEntity } from './entities/collision-avoidance-module.entity';

@Injectable()
export class CollisionAvoidanceRepository extends CatalogRepository<CollisionAvoidanceModuleEntity> {
  constructor(
    @InjectRepository(CollisionAvoidanceModuleEntity)
    repo: Repository<CollisionAvoidanceModuleEntity>,
    writeLock: WriteLock,
  ) {
    super(repo, writeLock, 'collision-avoidance module');
  }

  /** What the rover's collision guard enforces. */
  findEnabled(): Promise<CollisionAvoidanceModuleEntity[]> {
    return this.repo.findBy({ enabled: true });
  }
}
