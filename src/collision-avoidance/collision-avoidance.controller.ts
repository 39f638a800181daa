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
import { CatalogListQueryDto } from '../common/catalog/catalog-list.query';
import { IF_MATCH } from '../common/catalog/if-match.header';
import { VersionEtag, type WithEtag } from '../common/catalog/version-etag.decorator';
import { RequireScopes } from '../common/decorators/auth.decorators';
import { ErrorEnvelopeDto } from '../common/errors/error-envelope';
import type { Page } from '../common/pagination/pagination.dto';
import { ParseUuidPipe } from '../common/validation/parse-uuid.pipe';
import { CreateCollisionAvoidanceDto } from './dto/create-collision-avoidance.dto';
import {
  CollisionAvoidancePageDto,
  CollisionAvoidanceResponseDto,
} from './dto/collision-avoidance-response.dto';
import { PatchCollisionAvoidanceDto } from './dto/update-collision-avoidance.dto';
import { CollisionAvoidanceService } from './collision-avoidance.service';

@ApiTags('collision-avoidance')
@Controller('collision-avoidance')
export class CollisionAvoidanceController {
  constructor(private readonly modules: CollisionAvoidanceService) {}

  @Post()
  @RequireScopes('rover:control')
  create(
    @VersionEtag() withEtag: WithEtag,
    @Body() dto: CreateCollisionAvoidanceDto,
  ): Promise<CollisionAvoidanceResponseDto> {
    return this.modules.create(dto).then(withEtag);
  }

  @Get()
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: CollisionAvoidancePageDto })
  list(@Query() query: CatalogListQueryDto): Promise<Page<CollisionAvoidanceResponseDto>> {
    return this.modules.list(query);
  }

  @Get(':id')
  @RequireScopes('rover:view')
  get(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
  ): Promise<CollisionAvoidanceResponseDto> {
    return this.modules.get(id).then(withEtag);
  }

  @Put(':id')
  @RequireScopes('rover:control')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  replace(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateCollisionAvoidanceDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CollisionAvoidanceResponseDto> {
    return this.modules.replace(id, dto, ifMatch).then(withEtag);
  }

  @Patch(':id')
  @RequireScopes('rover:control')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  patch(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: PatchCollisionAvoidanceDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CollisionAvoidanceResponseDto> {
    return this.modules.patch(id, dto, ifMatch).then(withEtag);
  }

  @Delete(':id')
  @RequireScopes('rover:control')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  remove(
    @Param('id', ParseUuidPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    return this.modules.remove(id, ifMatch);
  }
}
