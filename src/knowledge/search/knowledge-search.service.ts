import { Injectable } from '@nestjs/common';
import { caselessKey } from '../../common/validation/clean-text';
import { KnowledgeCache } from '../cache/knowledge-cache';
import type { SearchQueryDto, SearchResultDto } from './dto/search.dto';
import { KnowledgeSearchIndex } from './knowledge-search-index';
import { searchTerms, withoutQuestionWords } from './search-terms';
import type { IndexHit } from './knowledge-search-index';
import { snippetHtml } from './snippet';

@Injectable()
export class KnowledgeSearchService {
  constructor(
    private readonly index: KnowledgeSearchIndex,
    private readonly cache: KnowledgeCache,
  ) {}

  search(query: SearchQueryDto): Promise<SearchResultDto> {
    const terms = searchTerms(query.q);
    const empty = { items: [], total: 0, page: query.page, limit: query.limit };
    if (terms.length === 0) return Promise.resolve(empty);
    const key = JSON.stringify(['search', terms, query.kind ?? null, query.page, query.limit]);
    return this.cache.getOrLoad(key, async () => {
      const { hits, total } = await this.index.search({
        terms,
        match: 'all',
        exactNameKey: caselessKey(query.q),
        kind: query.kind,
        offset: (query.page - 1) * query.limit,
        limit: query.limit,
      });
      return {
        items: hits.map((hit) => ({
          kind: hit.kind,
          id: hit.id,
          title: hit.title,
          snippet: snippetHtml(hit.rawSnippet),
          score: Number(hit.score.toPrecision(6)),
        })),
        total: Number(total),
        page: query.page,
        limit: query.limit,
      };
    });
  }

  /**
   * The parts and documents most related to a question in plain words (the assistant's retrieval):
   * any of its words may match, and question words that every text holds are left out.
   */
  async related(question: string, limit: number): Promise<IndexHit[]> {
    const terms = withoutQuestionWords(searchTerms(question));
    if (terms.length === 0) return [];
    const { hits } = await this.index.search({
      terms,
      match: 'any',
      exactNameKey: caselessKey(question),
      offset: 0,
      limit,
    });
    return hits;
  }
}
