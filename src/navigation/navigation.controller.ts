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
import { CreateNavigationDto } from './dto/create-navigation.dto';
import { NavigationPageDto, NavigationResponseDto } from './dto/navigation-response.dto';
import { PatchNavigationDto } from './dto/update-navigation.dto';
import { NavigationService } from './navigation.service';

@ApiTags('navigation')
@Controller('navigation')
export class NavigationController {
  constructor(private readonly navigation: NavigationService) {}

  @Post()
  @RequireScopes('rover:control')
  create(
    @VersionEtag() withEtag: WithEtag,
    @Body() dto: CreateNavigationDto,
  ): Promise<NavigationResponseDto> {
    return this.navigation.create(dto).then(withEtag);
  }

  @Get()
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: NavigationPageDto })
  list(@Query() query: CatalogListQueryDto): Promise<Page<NavigationResponseDto>> {
    return this.navigation.list(query);
  }

  @Get(':id')
  @RequireScopes('rover:view')
  get(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
  ): Promise<NavigationResponseDto> {
    return this.navigation.get(id).then(withEtag);
  }

  @Put(':id')
  @RequireScopes('rover:control')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  replace(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateNavigationDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<NavigationResponseDto> {
    return this.navigation.replace(id, dto, ifMatch).then(withEtag);
  }

  @Patch(':id')
  @RequireScopes('rover:control')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  patch(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: PatchNavigationDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<NavigationResponseDto> {
    return this.navigation.patch(id, dto, ifMatch).then(withEtag);
  }

  @Delete(':id')
  @RequireScopes('rover:control')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  remove(
    @Param('id', ParseUuidPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    return this.navigation.remove(id, ifMatch);
  }
}
