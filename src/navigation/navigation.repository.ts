import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CatalogRepository } from '../database/catalog.repository';
import { CatalogChanges } from '../database/catalog-changes';
import { WriteLock } from '../database/write-lock';
import { NavigationModuleEntity } from './entities/navigation-module.entity';

@Injectable()
export class NavigationRepository extends CatalogRepository<NavigationModuleEntity> {
  constructor(
    @InjectRepository(NavigationModuleEntity) repo: Repository<NavigationModuleEntity>,
    writeLock: WriteLock,
    changes: CatalogChanges,
  ) {
    super(repo, writeLock, changes, 'navigation module');
  }
}
