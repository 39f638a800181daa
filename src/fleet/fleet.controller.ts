import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import { type Page, PaginationQueryDto } from '../common/pagination/pagination.dto';
import { ParseUuidPipe } from '../common/validation/parse-uuid.pipe';
import { RobotPageDto, RobotResponseDto } from './dto/robot-response.dto';
import { FleetService } from './fleet.service';

@ApiTags('fleet')
@RequireScopes('rover:view')
@Controller('robots')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  @Get()
  @ApiOkResponse({ type: RobotPageDto })
  list(@Query() query: PaginationQueryDto): Page<RobotResponseDto> {
    return this.fleet.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RobotResponseDto })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto })
  get(@Param('id', ParseUuidPipe) id: string): RobotResponseDto {
    return this.fleet.get(id);
  }
}
