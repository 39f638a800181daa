import { Column, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from './column-types';

/** The columns every named, versioned table shares (§2's modules, §8's parts and documents). */
export abstract class NamedRecordEntity {
  @PrimaryColumn(UUID)
  id!: string;

  /** Trimmed NFC, as the DTO left it. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /**
   * caselessKey(name), written by CatalogRepository on every write. Its unique constraint is what
   * makes names unique ignoring case on both drivers: SQLite's LOWER() folds ASCII only. Case
   * folding can lengthen a name ("ß" is "ss"), hence the wider column.
   */
  @Column({ type: 'varchar', length: 400, name: 'name_key', unique: true })
  nameKey!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  /** Incremented by every write; the ETag carries it. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}

/** §2's catalogue tables: named records that can be switched off. */
export abstract class CatalogRecordEntity extends NamedRecordEntity {
  @Column({ type: 'boolean' })
  enabled!: boolean;
}
