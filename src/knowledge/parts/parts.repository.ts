import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CatalogRepository } from '../../database/catalog.repository';
import { CatalogChanges } from '../../database/catalog-changes';
import { WriteLock } from '../../database/write-lock';
import { PartEntity } from './part.entity';

@Injectable()
export class PartsRepository extends CatalogRepository<PartEntity> {
  constructor(
    @InjectRepository(PartEntity) repo: Repository<PartEntity>,
    writeLock: WriteLock,
    changes: CatalogChanges,
  ) {
    super(repo, writeLock, changes, 'part');
  }
}
