import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../../common/errors/error-envelope';
import { TelemetryHistoryDto } from './dto/history-response.dto';
import { TelemetryHistoryQueryDto } from './dto/history.query';
import { TelemetryHistoryService } from './history.service';

@ApiTags('telemetry')
@Controller('telemetry')
export class TelemetryHistoryController {
  constructor(private readonly history: TelemetryHistoryService) {}

  @Get('history')
  @RequireScopes('rover:view')
  @ApiOperation({
    summary: 'Stored telemetry of a window: raw samples, the latest sample, or min/max buckets',
    description:
      'minmax is computed by the database (GROUP BY over per-second rollups and the samples at ' +
      'bucket edges): each bucket holds the true min and max of its samples. raw returns at most ' +
      '`limit` samples and says, with `truncated` and `nextFrom`, where the rest starts.',
  })
  @ApiOkResponse({ type: TelemetryHistoryDto })
  @ApiBadRequestResponse({
    type: ErrorEnvelopeDto,
    description: 'A bad or unknown query parameter',
  })
  get(@Query() query: TelemetryHistoryQueryDto): Promise<TelemetryHistoryDto> {
    return this.history.history(query);
  }
}
