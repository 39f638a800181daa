import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { AppError } from '../../common/errors/app-error';
import { RoverService } from '../../rover/rover.service';
import { ControlRateLimiter } from './control-rate-limiter';
import type { SocketCommandDto } from './dto/command.dto';

/**
 * `command` over the socket, answered exactly as the REST routes answer: `stop` is the e-stop
 * (anyone signed in, never rate limited), `move` is POST /api/rover/control and `calibrate` zeroes
 * the odometry; both need rover:control and share the REST control limit.
 */
@Injectable()
export class SocketCommands {
  constructor(
    private readonly rover: RoverService,
    private readonly controlLimit: ControlRateLimiter,
  ) {}

  async run(user: AuthenticatedUser, dto: SocketCommandDto): Promise<object> {
    switch (dto.action) {
      case 'stop':
        return this.rover.emergencyStop(user);
      case 'move': {
        this.assertMayDrive(user);
        if (!dto.parameters)
          throw AppError.validation('parameters', 'move needs { forward, turn }');
        await this.controlLimit.hit(user.id);
        return this.rover.control(user, dto.parameters);
      }
      case 'calibrate':
        this.assertMayDrive(user);
        await this.controlLimit.hit(user.id);
        return this.rover.calibrate(user);
    }
  }

  private assertMayDrive(user: AuthenticatedUser): void {
    if (!user.scopes.includes('rover:control'))
      throw new AppError('forbidden', 'Missing scope: rover:control');
  }
}
