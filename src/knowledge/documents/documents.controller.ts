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
import { DocumentListQueryDto } from '../knowledge-list.query';
import { IF_MATCH } from '../../common/catalog/if-match.header';
import {
  CreateDocumentDto,
  DocumentPageDto,
  DocumentResponseDto,
  DocumentSummaryDto,
  PatchDocumentDto,
} from './dto/document.dto';
import { DocumentsService } from './documents.service';

@ApiTags('knowledge')
@Controller('knowledge/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: DocumentPageDto })
  list(@Query() query: DocumentListQueryDto): Promise<Page<DocumentSummaryDto>> {
    return this.documents.listDocuments(query);
  }

  @Get(':id')
  @RequireScopes('rover:view')
  get(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
  ): Promise<DocumentResponseDto> {
    return this.documents.get(id).then(withEtag);
  }

  @Post()
  @RequireScopes('system:admin')
  create(
    @VersionEtag() withEtag: WithEtag,
    @Body() dto: CreateDocumentDto,
  ): Promise<DocumentResponseDto> {
    return this.documents.create(dto).then(withEtag);
  }

  @Put(':id')
  @RequireScopes('system:admin')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  replace(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateDocumentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<DocumentResponseDto> {
    return this.documents.replace(id, dto, ifMatch).then(withEtag);
  }

  @Patch(':id')
  @RequireScopes('system:admin')
  @ApiHeader(IF_MATCH)
  @ApiPreconditionFailedResponse({ type: ErrorEnvelopeDto })
  patch(
    @VersionEtag() withEtag: WithEtag,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: PatchDocumentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<DocumentResponseDto> {
    return this.documents.patch(id, dto, ifMatch).then(withEtag);
  }

  @Delete(':id')
  @RequireScopes('system:admin')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  remove(
    @Param('id', ParseUuidPipe) id: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<void> {
    return this.documents.remove(id, ifMatch);
  }
}
