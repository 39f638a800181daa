import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CatalogRepository } from '../../database/catalog.repository';
import { CatalogChanges } from '../../database/catalog-changes';
import { WriteLock } from '../../database/write-lock';
import { DocumentEntity } from './document.entity';

@Injectable()
export class DocumentsRepository extends CatalogRepository<DocumentEntity> {
  constructor(
    @InjectRepository(DocumentEntity) repo: Repository<DocumentEntity>,
    writeLock: WriteLock,
    changes: CatalogChanges,
  ) {
    super(repo, writeLock, changes, 'document');
  }
}
