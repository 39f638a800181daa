import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import type { UserEntity } from '../users/entities/user.entity';
import { UsersRepository } from '../users/users.repository';
import type { LoginResponseDto } from './dto/login-response.dto';
import { LoginLimits } from './login-limits';
import { PasswordHasher } from '../users/password-hasher';
import { RefreshTokenRepository } from './refresh-token.repository';
import { ROLE_SCOPES } from '../common/access/roles-and-scopes';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { RevokedSessions } from './sessions/revoked-sessions';
import { SessionRevoker } from './sessions/session-revoker';
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
    private readonly revoked: RevokedSessions,
    private readonly sessions: SessionRevoker,
    private readonly limits: LoginLimits,
    private readonly clock: Clock,
  ) {}

  /** Unknown user and wrong password fail alike, after the same amount of hashing work. */
  async login(
    username: string,
    password: string,
    ip: string | undefined,
  ): Promise<LoginResponseDto> {
    const name = username.trim().toLowerCase();
    const user = await this.limits.attempt(name, ip, async () => {
      const found = await this.users.findByUsername(name);
      const valid = found
        ? await this.hasher.verify(found.passwordHash, password)
        : await this.hasher.verifyAgainstNothing(password);
      return found && valid ? found : null;
    });
    if (!user) throw new AppError('unauthorized', BAD_CREDENTIALS);
    return this.issue(user, randomUUID());
  }

  async refresh(refreshToken: string): Promise<LoginResponseDto> {
    const parsed = this.tokens.parseRefreshToken(refreshToken);
    const row = parsed ? await this.refreshTokens.findById(parsed.id) : null;
    if (!parsed || !row || !this.tokens.secretMatches(row, parsed.secret)) {
      throw new AppError('unauthorized', BAD_REFRESH);
    }
    const now = this.clock.now();
    // The whole login, not just this token: a refresh racing the revocation may have issued a
    // token the revocation did not see.
    if (
      row.revokedAt ||
      this.revoked.has(row.familyId) ||
      (await this.refreshTokens.isFamilyRevoked(row.familyId))
    ) {
      throw new AppError('unauthorized', BAD_REFRESH);
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw new AppError('unauthorized', BAD_REFRESH);
    if (row.spentAt || !(await this.refreshTokens.spend(row.id, now))) {
      // A spent token came back: either the client or a thief replayed it. Either way the whole
      // login is no longer trustworthy, its access tokens included.
      await this.sessions.revokeSession(row.userId, row.familyId, 'refresh_reuse');
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

  /**
   * Ends the caller's login, and the one the refresh token belongs to if that is another of theirs.
   * Unknown or foreign refresh tokens are ignored silently.
   */
  async logout(caller: AuthenticatedUser, refreshToken: string): Promise<void> {
    await this.sessions.revokeSession(caller.id, caller.sessionId, 'logout');
    const parsed = this.tokens.parseRefreshToken(refreshToken);
    const row = parsed ? await this.refreshTokens.findById(parsed.id) : null;
    if (
      !parsed ||
      !row ||
      row.userId !== caller.id ||
      !this.tokens.secretMatches(row, parsed.secret)
    )
      return;
    if (row.familyId !== caller.sessionId) {
      await this.sessions.revokeSession(caller.id, row.familyId, 'logout');
    }
  }

  /**
   * A wrong current password counts as a failed sign-in (it is one more way to guess it). On
   * success every other login of the user ends: whoever knew the old password is logged out.
   */
  async changeOwnPassword(
    caller: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
    ip: string | undefined,
  ): Promise<void> {
    const user = await this.limits.attempt(caller.username, ip, async () => {
      const found = await this.users.findById(caller.id);
      return found && (await this.hasher.verify(found.passwordHash, currentPassword))
        ? found
        : null;
    });
    if (!user) throw AppError.validation('currentPassword', 'currentPassword is wrong');
    await this.users.update(
      user.id,
      { passwordHash: await this.hasher.hash(newPassword) },
      this.clock.now(),
    );
    await this.sessions.revokeUserSessions(user.id, 'password_changed', caller.sessionId);
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
