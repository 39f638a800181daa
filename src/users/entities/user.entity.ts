import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../../database/column-types';
import type { Role } from '../../common/access/roles-and-scopes';

@Entity('users')
export class UserEntity {
  @PrimaryColumn(UUID)
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username!: string;

  /** argon2id PHC string; never leaves the users repository except to the password hasher. */
  @Column({ type: 'varchar', length: 255, name: 'password_hash' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ ...TIMESTAMP, name: 'created_at' })
  createdAt!: Date;

  @Column({ ...TIMESTAMP, name: 'updated_at' })
  updatedAt!: Date;
}
