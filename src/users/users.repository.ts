import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { isUniqueViolation } from '../database/database-errors';
import { WriteLock } from '../database/write-lock';
import type { Role } from '../common/access/roles-and-scopes';
import { UserEntity } from './entities/user.entity';
import { definedOnly } from '../common/objects/defined-only';
import { AuthChanges } from '../common/sessions/auth-changes';

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

/**
 * How long a user read for authentication may be reused. Writes through this repository drop the
 * entry at once; another instance's write (a demotion, a deletion) is seen within this time.
 */
export const AUTH_USER_CACHE_TTL_MS = 2000;
const AUTH_USER_CACHE_MAX_ENTRIES = 10_000;

/** The only place that touches TypeORM for users. */
@Injectable()
export class UsersRepository {
  private readonly authCache = new Map<string, { user: UserEntity | null; expiresAt: number }>();
  /** Bumped by every write; a read that a write overtook must not put its stale row in the cache. */
  private writes = 0;

  constructor(
    @InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>,
    private readonly writeLock: WriteLock,
    private readonly clock: Clock,
    private readonly authChanges: AuthChanges,
  ) {
    // Another instance changed a user: its next request here must not see the cached copy.
    authChanges.remote$.subscribe((change) => {
      if (change.kind === 'user') this.forget(change.userId);
    });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * The per-request read behind every authenticated call, so it is cached briefly: without it,
   * each request pays a database round trip just to learn the caller's current role.
   */
  async findByIdForAuth(id: string): Promise<UserEntity | null> {
    const cached = this.cachedForAuth(id);
    if (cached !== undefined) return cached;
    const now = this.clock.nowMs();
    const writesBefore = this.writes;
    const user = await this.findById(id);
    if (this.writes !== writesBefore) return user; // possibly read before a demotion or deletion
    if (this.authCache.size >= AUTH_USER_CACHE_MAX_ENTRIES) this.authCache.clear();
    this.authCache.set(id, { user, expiresAt: now + AUTH_USER_CACHE_TTL_MS });
    return user;
  }

  /** findByIdForAuth's copy when it has a fresh one (null: no such user), else undefined. */
  cachedForAuth(id: string): UserEntity | null | undefined {
    const cached = this.authCache.get(id);
    return cached && cached.expiresAt > this.clock.nowMs() ? cached.user : undefined;
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
    this.forget(id);
    const result = await this.writeLock.run(() =>
      this.repo
        .createQueryBuilder()
        .update(UserEntity)
        .set({ ...definedOnly(changes), updatedAt: now, version: () => 'version + 1' })
        .where('id = :id', { id })
        .execute(),
    );
    this.forget(id);
    await this.authChanges.publish({ kind: 'user', userId: id });
    return (result.affected ?? 0) > 0;
  }

  async delete(id: string): Promise<boolean> {
    this.forget(id);
    const result = await this.writeLock.run(() => this.repo.delete({ id }));
    this.forget(id);
    await this.authChanges.publish({ kind: 'user', userId: id });
    return (result.affected ?? 0) > 0;
  }

  /** Before a write and again once it is done, so no request after it sees the old role. */
  private forget(id: string): void {
    this.writes++;
    this.authCache.delete(id);
  }
}
