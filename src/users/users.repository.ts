import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { isUniqueViolation } from '../database/database-errors';
import { WriteLock } from '../database/write-lock';
import type { Role } from '../auth/scopes';
import { UserEntity } from './entities/user.entity';

export interface NewUser {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  now: Date;
}

export interface UserChanges {
  role?: Role;
  passwordHash?: string;
}

/** The only place that touches TypeORM for users. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ username });
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  countByRole(role: Role): Promise<number> {
    return this.repo.countBy({ role });
  }

  findPage(offset: number, limit: number): Promise<[UserEntity[], number]> {
    return this.repo.findAndCount({ order: { username: 'ASC' }, skip: offset, take: limit });
  }

  async insert(user: NewUser): Promise<UserEntity> {
    const row: UserEntity = {
      id: user.id,
      username: user.username,
      passwordHash: user.passwordHash,
      role: user.role,
      version: 1,
      createdAt: user.now,
      updatedAt: user.now,
    };
    try {
      await this.writeLock.run(() => this.repo.insert(row));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('conflict', `Username '${user.username}' is taken`);
      throw error;
    }
    return row;
  }

  /** Returns false when the user no longer exists. */
  async update(id: string, changes: UserChanges, now: Date): Promise<boolean> {
    const result = await this.writeLock.run(() =>
      this.repo
        .createQueryBuilder()
        .update(UserEntity)
        .set({ ...definedOnly(changes), updatedAt: now, version: () => 'version + 1' })
        .where('id = :id', { id })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.writeLock.run(() => this.repo.delete({ id }));
    return (result.affected ?? 0) > 0;
  }
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(changes).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
