import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import { VersionEtag, type WithEtag } from '../../common/catalog/version-etag.decorator';
import { RequireScopes } from '../../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../../common/errors/error-envelope';
import type { Page } from '../../common/pagination/pagination.dto';
import { ParseUuidPipe } from '../../common/validation/parse-uuid.pipe';
import { PartListQueryDto } from '../knowledge-list.query';
import { IF_MATCH } from '../../common/catalog/if-match.header';
import { CreatePartDto, PartPageDto, PartResponseDto, PatchPartDto } from './dto/part.dto';
import { PartsService } from './parts.service';

@ApiTags('knowledge')
@Controller('knowledge/parts')
export class PartsController {
  constructor(private readonly parts: PartsService) {}

  @Get()
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: PartPageDto })
  list(@Query() query: PartListQueryDto): Promise<Page<PartResponseDto>> {
    return this.parts.listParts(query);
  }

  @Get(':id')
  @RequireScopes('rover:view')
  get(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
  ): Promise<PartResponseDto> {
    return this.parts.get(id).then(withEtag);
  }

  @Post()
  @RequireScopes('system:admin')
  create(@VersionEtag() withEtag: WithEtag, @Body() dto: CreatePartDto): Promise<PartResponseDto> {
    return this.parts.create(dto).then(withEtag);
  }

  @Put(':id')
  @RequireScopes('system:admin')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  replace(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreatePartDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<PartResponseDto> {
    return this.parts.replace(id, dto, ifMatch).then(withEtag);
  }

  @Patch(':id')
  @RequireScopes('system:admin')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  patch(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: PatchPartDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<PartResponseDto> {
    return this.parts.patch(id, dto, ifMatch).then(withEtag);
  }

  @Delete(':id')
  @RequireScopes('system:admin')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  remove(
    @Param('id', ParseUuidPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    return this.parts.remove(id, ifMatch);
  }
}
