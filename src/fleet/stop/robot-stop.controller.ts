import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { CurrentUser, RequireScopes } from '../../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../../common/errors/error-envelope';
import { ControlRateLimit } from '../../common/throttling/control-rate-limit.decorator';
import { ParseUuidPipe } from '../../common/validation/parse-uuid.pipe';
import { FleetStopResultDto, RobotStopResultDto } from './robot-stop.dto';
import { RobotStopService } from './robot-stop.service';

/** Stops (API.md §6): rate limited like motion commands, audited, answered with the robot's reply. */
@ApiTags('fleet')
@Controller('robots')
export class RobotStopController {
  constructor(private readonly stops: RobotStopService) {}

  /** Every robot in the fleet, in parallel; one result per robot, whatever each answered. */
  @Post('stop')
  @HttpCode(200)
  @RequireScopes('system:admin')
  @ControlRateLimit()
  @ApiOkResponse({ type: FleetStopResultDto })
  @ApiForbiddenResponse({ type: ErrorEnvelopeDto })
  stopAll(@CurrentUser() user: AuthenticatedUser): Promise<FleetStopResultDto> {
    return this.stops.stopAll(user);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @RequireScopes('rover:control')
  @ControlRateLimit()
  @ApiOkResponse({ type: RobotStopResultDto, description: 'The robot reported FINISHED or FAILED' })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto })
  @ApiGatewayTimeoutResponse({
    type: ErrorEnvelopeDto,
    description: 'command_timeout: no end reported in time',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorEnvelopeDto,
    description: 'The broker is away: nothing was sent',
  })
  stop(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUuidPipe) id: string,
  ): Promise<RobotStopResultDto> {
    return this.stops.stop(user, id);
  }
}
