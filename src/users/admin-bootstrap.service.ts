import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { UsersRepository } from './users.repository';

export const BOOTSTRAP_ADMIN_USERNAME = 'admin';

/**
 * First boot with no users creates `admin`, with ADMIN_PASSWORD or a random password printed once.
 * Two instances booting on one empty database race; the loser's insert hits the unique username and
 * is ignored.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const configured = this.config.auth.adminPassword;
    const password = configured ?? randomBytes(18).toString('base64url');
    try {
      await this.users.insert({
        id: randomUUID(),
        username: BOOTSTRAP_ADMIN_USERNAME,
        passwordHash: await this.hasher.hash(password),
        role: 'admin',
        now: this.clock.now(),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return;
      throw error;
    }
    if (configured) {
      this.logger.log(
        `Created user '${BOOTSTRAP_ADMIN_USERNAME}' with the password from ADMIN_PASSWORD`,
      );
    } else {
      // Shown exactly once, so the newcomer can log in; it is not stored anywhere in clear.
      this.logger.warn(
        `Created user '${BOOTSTRAP_ADMIN_USERNAME}' with generated password: ${password} (shown once; change it or set ADMIN_PASSWORD)`,
      );
    }
  }
}
