import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { LOG_FORMAT, type LogFormat } from '../logging/log-format';
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
  private generatedPassword?: string;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(LOG_FORMAT) private readonly logFormat: LogFormat,
  ) {}

  /** The password generated on this boot for the terminal's boot banner, handed out once. */
  takeGeneratedPassword(): string | undefined {
    const password = this.generatedPassword;
    this.generatedPassword = undefined;
    return password;
  }

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
    } else if (this.logFormat === 'pretty') {
      // A person at a terminal reads it in the banner main.ts prints after listen, where the boot
      // logs cannot scroll it away; this line only says that it is coming.
      this.generatedPassword = password;
      this.logger.warn(
        `Created user '${BOOTSTRAP_ADMIN_USERNAME}' with a random password: see the banner when the service is listening`,
      );
    } else {
      // Shown exactly once, so the newcomer can log in; it is not stored anywhere in clear. At warn,
      // so LOG_LEVEL=warn still shows it, and now, so a boot that fails later has shown it already.
      this.logger.warn(
        `Created user '${BOOTSTRAP_ADMIN_USERNAME}' with generated password: ${password} (shown once; change it or set ADMIN_PASSWORD)`,
      );
    }
  }
}
