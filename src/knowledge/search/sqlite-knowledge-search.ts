import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { fts5Query } from './search-terms';
import { type IndexHit, type IndexQuery, KnowledgeSearchIndex } from './knowledge-search-index';
import { MATCH_END, MATCH_START } from './snippet';

/** Title matches weigh ten times body matches in bm25(). */
const TITLE_WEIGHT = 10;
const SNIPPET_TOKENS = 18;

/** The FTS5 table of the KnowledgeBase migration; snippets come from the body column. */
@Injectable()
export class SqliteKnowledgeSearch extends KnowledgeSearchIndex {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async search(query: IndexQuery): Promise<{ hits: IndexHit[]; total: number }> {
    const match = fts5Query(query.terms, query.match);
    const kindFilter = query.kind ? 'AND "kind" = ?' : '';
    const kindParams = query.kind ? [query.kind] : [];
    const hits = await this.dataSource.query<IndexHit[]>(
      `SELECT "kind", "ref_id" AS "id", "title", ` +
        `snippet("knowledge_fts", 1, ?, ?, '…', ${SNIPPET_TOKENS}) AS "rawSnippet", ` +
        `-bm25("knowledge_fts", ${TITLE_WEIGHT}.0, 1.0) AS "score" ` +
        `FROM "knowledge_fts" WHERE "knowledge_fts" MATCH ? ${kindFilter} ` +
        `ORDER BY ("title_key" = ?) DESC, "score" DESC, rowid LIMIT ? OFFSET ?`,
      [MATCH_START, MATCH_END, match, ...kindParams, query.exactNameKey, query.limit, query.offset],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*) AS "total" FROM "knowledge_fts" WHERE "knowledge_fts" MATCH ? ${kindFilter}`,
      [match, ...kindParams],
    );
    return { hits, total };
  }
}
