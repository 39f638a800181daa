import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { fts5Query } from './search-terms';
import { type IndexHit, type IndexQuery, KnowledgeSearchIndex } from './knowledge-search-index';
import { MATCH_END, MATCH_START } from './snippet';

/** bm25() weights of the title, lead (the description's start), summary (description) and body. */
const WEIGHTS = '10.0, 5.0, 2.0, 1.0';
const SNIPPET_TOKENS = 18;

interface Row {
  kind: IndexHit['kind'];
  id: string;
  title: string;
  summarySnippet: string;
  bodySnippet: string;
  score: number;
}

/** The FTS5 table of the KnowledgeBase migration. */
@Injectable()
export class SqliteKnowledgeSearch extends KnowledgeSearchIndex {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async search(query: IndexQuery): Promise<{ hits: IndexHit[]; total: number }> {
    const match = fts5Query(query.terms, query.match);
    const kindFilter = query.kind ? 'AND "kind" = ?' : '';
    const kindParams = query.kind ? [query.kind] : [];
    const rows = await this.dataSource.query<Row[]>(
      `SELECT "kind", "ref_id" AS "id", "title", ` +
        `snippet("knowledge_fts", 2, ?, ?, '…', ${SNIPPET_TOKENS}) AS "summarySnippet", ` +
        `snippet("knowledge_fts", 3, ?, ?, '…', ${SNIPPET_TOKENS}) AS "bodySnippet", ` +
        `-bm25("knowledge_fts", ${WEIGHTS}) AS "score" ` +
        `FROM "knowledge_fts" WHERE "knowledge_fts" MATCH ? ${kindFilter} ` +
        `ORDER BY ("title_key" = ?) DESC, "score" DESC, rowid LIMIT ? OFFSET ?`,
      [
        MATCH_START,
        MATCH_END,
        MATCH_START,
        MATCH_END,
        match,
        ...kindParams,
        query.exactNameKey,
        query.limit,
        query.offset,
      ],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*) AS "total" FROM "knowledge_fts" WHERE "knowledge_fts" MATCH ? ${kindFilter}`,
      [match, ...kindParams],
    );
    return {
      hits: rows.map((row) => ({
        kind: row.kind,
        id: row.id,
        title: row.title,
        // The description's excerpt unless the match is only further down (pins, specs, body).
        rawSnippet:
          row.summarySnippet.includes(MATCH_START) || !row.bodySnippet.includes(MATCH_START)
            ? row.summarySnippet
            : row.bodySnippet,
        score: row.score,
      })),
      total,
    };
  }
}
