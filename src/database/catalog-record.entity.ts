import { Column, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from './column-types';

/** The columns every §2 catalogue table shares; each feature's entity adds its own. */
export abstract class CatalogRecordEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** Incremented by every write; the ETag carries it. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
