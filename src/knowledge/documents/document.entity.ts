import { Column, Entity, Index } from 'typeorm';
import { NamedRecordEntity } from '../../database/catalog-record.entity';
import { SearchVectorColumn } from '../search/search-vector';
import type { DocumentCategory } from '../seed/seed-types';

/** `name` holds the title and `description` the summary, so the catalogue machinery applies as is. */
@Entity('documents')
// A category's page, sorted by name, is read from the index alone.
@Index('idx_documents_category', ['category', 'name'])
export class DocumentEntity extends NamedRecordEntity {
  @Column({ type: 'varchar', length: 40 })
  category!: DocumentCategory;

  /** Markdown. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'simple-json', name: 'part_names' })
  partNames!: string[];

  @SearchVectorColumn('body', 'idx_documents_search_vector')
  searchVector?: unknown;
}
