import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type IndexHit, type IndexQuery, KnowledgeSearchIndex } from './knowledge-search-index';
import { MATCH_END, MATCH_START } from './snippet';

const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=1`;

/**
 * `all`: plainto_tsquery ANDs the words and reads no operators. `any`: the same words' lexemes,
 * each quoted as a literal, ORed; no lexeme at all (only stop words) gives NULL, which matches nothing.
 */
const TSQUERY = {
  all: `plainto_tsquery('english', $1)`,
  any: `to_tsquery('simple', (SELECT string_agg(quote_literal(lexeme), ' | ') FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme))`,
} as const;

const SOURCES = {
  part: `SELECT 'part' AS kind, id, name AS title, name_key, ts_rank(search_vector, query.q, 1) AS score FROM parts, query WHERE search_vector @@ query.q`,
  document: `SELECT 'document' AS kind, id, name AS title, name_key, ts_rank(search_vector, query.q, 1) AS score FROM documents, query WHERE search_vector @@ query.q`,
} as const;

interface Row {
  kind: 'part' | 'document';
  id: string;
  title: string;
  rawSnippet: string;
  score: number;
  total: string;
}

/**
 * The generated `search_vector` columns of the KnowledgeBase migration, queried with no operator
 * taken from the input, like fts5Query on SQLite. The matches are ranked and counted on ids and
 * scores alone; only the page's rows are joined back for their text and headline, so a common word
 * does not drag every match's text through the sort and the count.
 */
@Injectable()
export class PostgresKnowledgeSearch extends KnowledgeSearchIndex {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async search(query: IndexQuery): Promise<{ hits: IndexHit[]; total: number }> {
    const sources = query.kind ? [SOURCES[query.kind]] : [SOURCES.part, SOURCES.document];
    const params = [query.terms.join(' '), query.exactNameKey, query.limit, query.offset];
    const rows = await this.dataSource.query<Row[]>(
      `WITH query AS (SELECT ${TSQUERY[query.match]} AS q), ` +
        `hits AS (${sources.join(' UNION ALL ')}), ` +
        `page AS (SELECT *, count(*) OVER () AS total FROM hits ` +
        `ORDER BY (name_key = $2) DESC, score DESC, id LIMIT $3 OFFSET $4) ` +
        `SELECT page.kind, page.id, page.title, page.score, page.total, ` +
        `ts_headline('english', CASE WHEN page.kind = 'part' ` +
        `THEN coalesce(p.description, '') || E'\\n' || p.search_text ` +
        `ELSE coalesce(d.description, '') || E'\\n' || d.body END, (SELECT q FROM query), $5) AS "rawSnippet" ` +
        `FROM page LEFT JOIN parts p ON page.kind = 'part' AND p.id = page.id ` +
        `LEFT JOIN documents d ON page.kind = 'document' AND d.id = page.id ` +
        `ORDER BY (page.name_key = $2) DESC, page.score DESC, page.id`,
      [...params, HEADLINE_OPTIONS],
    );
    if (rows.length === 0 && query.offset > 0) {
      const [{ total }] = await this.dataSource.query<{ total: string }[]>(
        `WITH query AS (SELECT ${TSQUERY[query.match]} AS q) ` +
          `SELECT count(*) AS total FROM (${sources.join(' UNION ALL ')}) AS hits`,
        [params[0]],
      );
      return { hits: [], total: Number(total) };
    }
    return {
      hits: rows.map((row) => ({
        kind: row.kind,
        id: row.id,
        title: row.title,
        rawSnippet: row.rawSnippet,
        score: Number(row.score),
      })),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }
}
