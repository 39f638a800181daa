export type KnowledgeKind = 'part' | 'document';

export interface IndexQuery {
  /** From searchTerms(): at least one. */
  terms: string[];
  /** `all`: every term (the search box); `any`: at least one, best first (the assistant's question). */
  match: 'all' | 'any';
  /** caselessKey of the whole query: a part or document with exactly this name ranks first. */
  exactNameKey: string;
  kind?: KnowledgeKind;
  offset: number;
  limit: number;
}

export interface IndexHit {
  kind: KnowledgeKind;
  id: string;
  title: string;
  /** The engine's excerpt, matches between MATCH_START and MATCH_END. */
  rawSnippet: string;
  /** Higher is better; comparable within one answer only. */
  score: number;
}

/** The full-text index over parts and documents: FTS5 on SQLite, tsvector + GIN on PostgreSQL. */
export abstract class KnowledgeSearchIndex {
  abstract search(query: IndexQuery): Promise<{ hits: IndexHit[]; total: number }>;
}
