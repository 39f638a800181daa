import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CatalogRepository } from '../database/catalog.repository';
import { CatalogChanges } from '../database/catalog-changes';
import { WriteLock } from '../database/write-lock';
import { CollisionAvoidanceModuleEntity } from './entities/collision-avoidance-module.entity';

@Injectable()
export class CollisionAvoidanceRepository extends CatalogRepository<CollisionAvoidanceModuleEntity> {
  constructor(
    @InjectRepository(CollisionAvoidanceModuleEntity)
    repo: Repository<CollisionAvoidanceModuleEntity>,
    writeLock: WriteLock,
    changes: CatalogChanges,
  ) {
    super(repo, writeLock, changes, 'collision-avoidance module');
  }

  /** What the rover's collision guard enforces. */
  findEnabled(): Promise<CollisionAvoidanceModuleEntity[]> {
    return this.repo.findBy({ enabled: true });
  }
}
