import { Column, Entity, Index } from 'typeorm';
import { NamedRecordEntity } from '../../database/catalog-record.entity';
import { SearchVectorColumn } from '../search/search-vector';
import type { PartCategory, PinSeed } from '../seed/seed-types';

@Entity('parts')
// A category's page, sorted by name, is read from the index alone.
@Index('idx_parts_category', ['category', 'name'])
export class PartEntity extends NamedRecordEntity {
  @Column({ type: 'varchar', length: 40 })
  category!: PartCategory;

  @Column({ type: 'varchar', length: 100, nullable: true })
  manufacturer!: string | null;

  @Column({ type: 'double precision', name: 'voltage_min', nullable: true })
  voltageMin!: number | null;

  @Column({ type: 'double precision', name: 'voltage_max', nullable: true })
  voltageMax!: number | null;

  @Column({ type: 'double precision', name: 'current_max', nullable: true })
  currentMax!: number | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  interface!: string | null;

  @Column({ type: 'simple-json' })
  pinout!: PinSeed[];

  @Column({ type: 'simple-json' })
  specs!: Record<string, string>;

  @Column({ type: 'varchar', length: 500, name: 'datasheet_url', nullable: true })
  datasheetUrl!: string | null;

  /**
   * What the full-text index reads besides the name and description: category, manufacturer,
   * interface, pins and specs flattened to words. Derived on every write (partSearchText), so both
   * drivers index plain text and neither needs JSON functions in a trigger or generated column.
   */
  @Column({ type: 'text', name: 'search_text' })
  searchText!: string;

  @SearchVectorColumn('search_text', 'idx_parts_search_vector')
  searchVector?: unknown;
}
