import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../common/decorators/auth.decorators';
import type { Page } from '../common/pagination/pagination.dto';
import { AuditService } from './audit.service';
import { AuditPageDto, type AuditEntryDto, ListAuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@RequireScopes('system:admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: ListAuditQueryDto): Promise<Page<AuditEntryDto>> {
    return this.audit.list(query);
  }
}
