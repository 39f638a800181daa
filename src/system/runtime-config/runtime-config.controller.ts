import { Body, Controller, Get, Headers, Patch, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../common/access/authenticated-user';
import { CurrentUser, RequireScopes } from '../../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../../common/errors/error-envelope';
import { RuntimeConfigResponseDto } from './dto/runtime-config-response.dto';
import { UpdateRuntimeConfigDto } from './dto/update-runtime-config.dto';
import { RuntimeConfigEtagInterceptor } from './runtime-config-etag';
import { RuntimeConfigService } from './runtime-config.service';

@ApiTags('config')
@RequireScopes('system:admin')
@UseInterceptors(RuntimeConfigEtagInterceptor)
@Controller('config')
export class RuntimeConfigController {
  constructor(private readonly config: RuntimeConfigService) {}

  @Get()
  @ApiOkResponse({ type: RuntimeConfigResponseDto })
  get(): RuntimeConfigResponseDto {
    return this.config.view();
  }

  /** Applied at once; each change is stored and audited. */
  @Patch()
  @ApiOkResponse({ type: RuntimeConfigResponseDto })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag from a previous read; a stale one is a 412 (without it, changes merge)',
  })
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: UpdateRuntimeConfigDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<RuntimeConfigResponseDto> {
    return this.config.update(user, dto, ifMatch);
  }
}
