import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { type Page, type PaginationQueryDto, toPage } from '../common/pagination/pagination.dto';
import { SessionEvents } from '../common/sessions/session-events';
import { SessionRevocation } from '../common/sessions/session-revocation';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { UserResponseDto } from './dto/user-response.dto';
import type { UserEntity } from './entities/user.entity';
import { toUserResponse } from './users.mapper';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionRevocation,
    private readonly sessionEvents: SessionEvents,
    private readonly clock: Clock,
  ) {}

  async list(query: PaginationQueryDto): Promise<Page<UserResponseDto>> {
    const [rows, total] = await this.users.findPage((query.page - 1) * query.limit, query.limit);
    return toPage(rows, total, query, toUserResponse);
  }

  async get(id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.require(id));
  }

  async create(dto: CreateUserDto): Promise<UserResponseDto> {
    const user = await this.users.insert({
      id: randomUUID(),
      username: dto.username,
      passwordHash: await this.hasher.hash(dto.password),
      role: dto.role,
      now: this.clock.now(),
    });
    return toUserResponse(user);
  }

  async update(actor: AuthenticatedUser, id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const target = await this.require(id);
    if (dto.role !== undefined && target.id === actor.id && dto.role !== target.role) {
      // An admin demoting themselves could leave nobody able to administer; raising is impossible anyway.
      throw AppError.validation('role', 'You cannot change your own role');
    }
    if (dto.role !== undefined && target.role === 'admin' && dto.role !== 'admin') {
      await this.assertNotLastAdmin();
    }
    const passwordHash =
      dto.password === undefined ? undefined : await this.hasher.hash(dto.password);
    const updated = await this.users.update(id, { role: dto.role, passwordHash }, this.clock.now());
    if (!updated) throw AppError.notFound('User');
    if (passwordHash !== undefined) {
      // A reset is what an admin does when a password leaked: whoever used it is logged out too.
      // Resetting one's own password through this route keeps the login that did it, as
      // PATCH /auth/me does.
      const keep = target.id === actor.id ? actor.sessionId : undefined;
      await this.sessions.revokeUserSessions(id, 'password_changed', keep);
    }
    if (dto.role !== undefined && dto.role !== target.role) {
      // HTTP requests already see the new role (read per request); open sockets were authorised
      // under the old one and are closed so that they reconnect under the new one.
      this.sessionEvents.ended$.next({ userId: id, reason: 'role_changed' });
    }
    return this.get(id);
  }

  async remove(actor: AuthenticatedUser, id: string): Promise<void> {
    const target = await this.require(id);
    if (target.id === actor.id)
      throw new AppError('conflict', 'You cannot delete your own account');
    if (target.role === 'admin') await this.assertNotLastAdmin();
    if (!(await this.users.delete(id))) throw AppError.notFound('User');
    // The refresh tokens went with the row and every guarded request reads the user, so nothing is
    // left to revoke (the e-stop still accepts the token: stopping is safe whoever asks). The open
    // sockets were authorised before, and are closed.
    this.sessionEvents.ended$.next({ userId: id, reason: 'user_deleted' });
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound('User');
    return user;
  }

  private async assertNotLastAdmin(): Promise<void> {
    if ((await this.users.countByRole('admin')) <= 1) {
      throw new AppError('conflict', 'The last admin cannot be removed or demoted');
    }
  }
}
