import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { UserEntity } from '../users/entities/user.entity';
import { UsersRepository } from '../users/users.repository';
import type { LoginResponseDto } from './dto/login-response.dto';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenRepository } from './refresh-token.repository';
import { ROLE_SCOPES } from './scopes';
import { TokenService } from './token.service';

const BAD_CREDENTIALS = 'Invalid username or password';
const BAD_REFRESH = 'Invalid or expired refresh token';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly clock: Clock,
  ) {}

  /** Unknown user and wrong password fail alike, after the same amount of hashing work. */
  async login(username: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findByUsername(username.trim().toLowerCase());
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyAgainstNothing(password);
    if (!user || !valid) throw new AppError('unauthorized', BAD_CREDENTIALS);
    return this.issue(user, randomUUID());
  }

  async refresh(refreshToken: string): Promise<LoginResponseDto> {
    const parsed = this.tokens.parseRefreshToken(refreshToken);
    const row = parsed ? await this.refreshTokens.findById(parsed.id) : null;
    if (!parsed || !row || !this.tokens.secretMatches(row, parsed.secret)) {
      throw new AppError('unauthorized', BAD_REFRESH);
    }
    const now = this.clock.now();
    if (row.revokedAt) throw new AppError('unauthorized', BAD_REFRESH);
    if (row.expiresAt.getTime() <= now.getTime()) throw new AppError('unauthorized', BAD_REFRESH);
    if (row.spentAt || !(await this.refreshTokens.spend(row.id, now))) {
      // A spent token came back: either the client or a thief replayed it. Either way the whole
      // login is no longer trustworthy.
      await this.refreshTokens.revokeFamily(row.familyId, now);
      this.logger.warn(
        { userId: row.userId, familyId: row.familyId },
        'Refresh token reuse; login revoked',
      );
      throw new AppError('unauthorized', BAD_REFRESH);
    }
    const user = await this.users.findById(row.userId);
    if (!user) throw new AppError('unauthorized', BAD_REFRESH);
    return this.issue(user, row.familyId);
  }

  /** Ends the login the refresh token belongs to. Unknown or foreign tokens are ignored silently. */
  async logout(userId: string, refreshToken: string): Promise<void> {
    const parsed = this.tokens.parseRefreshToken(refreshToken);
    const row = parsed ? await this.refreshTokens.findById(parsed.id) : null;
    if (!parsed || !row || row.userId !== userId || !this.tokens.secretMatches(row, parsed.secret))
      return;
    await this.refreshTokens.revokeFamily(row.familyId, this.clock.now());
  }

  async changeOwnPassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      throw AppError.validation('currentPassword', 'currentPassword is wrong');
    }
    await this.users.update(
      userId,
      { passwordHash: await this.hasher.hash(newPassword) },
      this.clock.now(),
    );
  }

  private async issue(user: UserEntity, familyId: string): Promise<LoginResponseDto> {
    const refresh = this.tokens.newRefreshToken(user.id, familyId);
    await this.refreshTokens.insert(refresh.row);
    return {
      accessToken: await this.tokens.signAccessToken(user, familyId),
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: refresh.token,
      user: {
        id: user.id,
        username: user.username,
        role: user.role,
        scopes: [...ROLE_SCOPES[user.role]],
      },
    };
  }
}
