import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../common/decorators/auth.decorators';
import type { Page } from '../common/pagination/pagination.dto';
import { AlertsService } from './alerts.service';
import { AlertPageDto, type AlertDto, ListAlertsQueryDto } from './dto/alert.dto';

@ApiTags('alerts')
@RequireScopes('rover:view')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOkResponse({ type: AlertPageDto })
  list(@Query() query: ListAlertsQueryDto): Promise<Page<AlertDto>> {
    return this.alerts.list(query);
  }
}
