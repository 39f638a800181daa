import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../common/decorators/auth.decorators';
import { SearchQueryDto, SearchResultDto } from './dto/search.dto';
import { KnowledgeSearchService } from './knowledge-search.service';

@ApiTags('knowledge')
@Controller('knowledge/search')
export class SearchController {
  constructor(private readonly search: KnowledgeSearchService) {}

  /** Parts and documents ranked together by the full-text index. */
  @Get()
  @RequireScopes('rover:view')
  @ApiOkResponse({ type: SearchResultDto })
  find(@Query() query: SearchQueryDto): Promise<SearchResultDto> {
    return this.search.search(query);
  }
}
