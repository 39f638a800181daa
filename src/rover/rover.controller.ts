import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import {
  Authenticated,
  CurrentUser,
  Public,
  RequireScopes,
  TokenClaimsOnly,
} from '../common/decorators/auth.decorators';
import { type Page, PaginationQueryDto } from '../common/pagination/pagination.dto';
import { ControlRateLimit } from '../common/throttling/control-rate-limit.decorator';
import { ParseUuidPipe } from '../common/validation/parse-uuid.pipe';
import { CommandPageDto, CommandRecordDto } from './dto/command-history.dto';
import {
  ControlCommandDto,
  ControlResultDto,
  EmergencyStopResultDto,
  HeartbeatResultDto,
  ResumeDto,
  ResumeResultDto,
} from './dto/control.dto';
import { RoverStatusDto } from './dto/rover-status.dto';
import { RoverService } from './rover.service';

@ApiTags('rover')
@Controller('rover')
export class RoverController {
  constructor(private readonly rover: RoverService) {}

  @Post('control')
  @HttpCode(200)
  @RequireScopes('rover:control')
  @ControlRateLimit()
  @ApiOkResponse({ type: ControlResultDto })
  control(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ControlCommandDto,
  ): Promise<ControlResultDto> {
    return this.rover.control(user, dto);
  }

  /**
   * Any signed-in user, never rate limited, and no database read before the stop frame leaves: a
   * stop must always get through, and fast.
   */
  @Post('emergency-stop')
  @HttpCode(200)
  @Authenticated()
  @TokenClaimsOnly()
  @SkipThrottle({ default: true, login: true, control: true })
  @ApiOkResponse({ type: EmergencyStopResultDto })
  emergencyStop(@CurrentUser() user: AuthenticatedUser): Promise<EmergencyStopResultDto> {
    return this.rover.emergencyStop(user);
  }

  @Post('resume')
  @HttpCode(200)
  @RequireScopes('rover:control')
  @ApiOkResponse({ type: ResumeResultDto })
  resume(@CurrentUser() user: AuthenticatedUser, @Body() dto: ResumeDto): Promise<ResumeResultDto> {
    return this.rover.resume(user, dto.reason);
  }

  /** Keeps the deadman lease of an operator who is driving but has no new command to send. */
  @Post('heartbeat')
  @HttpCode(200)
  @RequireScopes('rover:control')
  @ApiOkResponse({ type: HeartbeatResultDto })
  heartbeat(@CurrentUser() user: AuthenticatedUser): HeartbeatResultDto {
    return this.rover.heartbeat(user);
  }

  @Get('status')
  @Public()
  @ApiOkResponse({ type: RoverStatusDto })
  status(): RoverStatusDto {
    return this.rover.status();
  }

  @Get('commands')
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: CommandPageDto })
  commands(@Query() query: PaginationQueryDto): Promise<Page<CommandRecordDto>> {
    return this.rover.commands(query);
  }

  @Get('commands/:id')
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: CommandRecordDto })
  command(@Param('id', ParseUuidPipe) id: string): Promise<CommandRecordDto> {
    return this.rover.command(id);
  }
}
