import { Column, Index } from 'typeorm';
import { databaseKindAtImport } from '../../config/load-config';

/**
 * PostgreSQL's full-text vectors of the parts and documents: name weighted A, the start of the
 * description B (what the thing is, as on SQLite's `lead` column), the description C, the rest D. The KnowledgeBase migration creates the generated columns from these same expressions and
 * records them where TypeORM looks them up (typeorm_metadata), so its schema check sees them as the
 * entities declare them instead of proposing to drop them.
 */
export function searchVectorExpression(extraColumn: 'search_text' | 'body'): string {
  return (
    `setweight(to_tsvector('english', "name"), 'A') || ` +
    `setweight(to_tsvector('english', left(coalesce("description", ''), 80)), 'B') || ` +
    `setweight(to_tsvector('english', coalesce("description", '')), 'C') || ` +
    `setweight(to_tsvector('english', "${extraColumn}"), 'D')`
  );
}

/**
 * The `search_vector` column and its GIN index, on PostgreSQL only (SQLite's index is the FTS5
 * table). Never selected, inserted or updated by TypeORM: PostgreSQL computes it, and only the
 * search query reads it.
 */
export function SearchVectorColumn(
  extraColumn: 'search_text' | 'body',
  indexName: string,
): PropertyDecorator {
  if (databaseKindAtImport() !== 'postgres') return () => undefined;
  const column = Column({
    type: 'tsvector',
    name: 'search_vector',
    generatedType: 'STORED',
    asExpression: searchVectorExpression(extraColumn),
    nullable: true,
    select: false,
    insert: false,
    update: false,
  });
  // A GIN index, which the decorator cannot express: the migration creates it, sync leaves it be.
  const index = Index(indexName, { synchronize: false });
  return (target, key) => {
    column(target, key);
    index(target, key);
  };
}
