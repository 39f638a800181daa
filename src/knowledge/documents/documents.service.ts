import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CatalogService } from '../../common/catalog/catalog.service';
import { Clock } from '../../common/clock/clock';
import type { Page } from '../../common/pagination/pagination.dto';
import { KnowledgeCache } from '../cache/knowledge-cache';
import type { DocumentListQueryDto } from '../knowledge-list.query';
import type { DocumentEntity } from './document.entity';
import { toDocumentResponse, toDocumentSummary } from './document.mapper';
import { DocumentsRepository } from './documents.repository';
import type {
  CreateDocumentDto,
  DocumentResponseDto,
  DocumentSummaryDto,
} from './dto/document.dto';

@Injectable()
export class DocumentsService
  extends CatalogService<DocumentEntity, CreateDocumentDto, DocumentResponseDto>
  implements OnModuleDestroy
{
  private readonly invalidation: Subscription;

  constructor(
    private readonly documents: DocumentsRepository,
    clock: Clock,
    private readonly cache: KnowledgeCache,
  ) {
    super(documents, clock, 'Document');
    // The writer's instance moves the cache's generation on for every instance (the cache lives
    // in Redis when there is one): hearing the others' writes too would move it twice.
    this.invalidation = documents.changedHere$.subscribe(() => void this.cache.invalidate());
  }

  onModuleDestroy(): void {
    this.invalidation.unsubscribe();
  }

  /** The list carries summaries; a body is read with GET /documents/:id. */
  listDocuments(query: DocumentListQueryDto): Promise<Page<DocumentSummaryDto>> {
    const key = JSON.stringify([
      'documents',
      query.page,
      query.limit,
      query.category ?? null,
      query.search ?? null,
      query.sort ?? null,
    ]);
    return this.cache.getOrLoad(key, async () => {
      const sort = query.sort ?? 'name';
      const [rows, total] = await this.documents.findPage({
        offset: (query.page - 1) * query.limit,
        limit: query.limit,
        equals: query.category ? { category: query.category } : undefined,
        search: query.search,
        sort: sort.replace(/^-/, '') as 'name' | 'createdAt' | 'updatedAt',
        descending: sort.startsWith('-'),
      });
      return { items: rows.map(toDocumentSummary), total, page: query.page, limit: query.limit };
    });
  }

  protected toResponse(row: DocumentEntity): DocumentResponseDto {
    return toDocumentResponse(row);
  }

  protected toRow(fields: CreateDocumentDto) {
    return {
      name: fields.title,
      description: fields.summary,
      category: fields.category,
      body: fields.body,
      partNames: [...(fields.partNames ?? [])],
    };
  }

  protected fieldsOf(row: DocumentEntity): CreateDocumentDto {
    return {
      title: row.name,
      category: row.category,
      summary: row.description ?? '',
      body: row.body,
      partNames: row.partNames,
    };
  }

  /** Every field's bounds are checked by the DTO; a document has no cross-field rules. */
  protected assertConsistent(): void {}
}
