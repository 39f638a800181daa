import type { MigrationInterface, QueryRunner } from 'typeorm';
import { insertKnowledgeSeed } from '../knowledge-seed';

/**
 * Parts and documents, their full-text index and the shipped catalogue.
 *
 * One FTS5 table indexes both kinds, so that their bm25() scores come from one set of statistics
 * and rank together. Names, the start of descriptions, descriptions and the rest are separate
 * columns, weighted apart, so a part's long list of pins and specs does not dilute a match in its
 * description. Triggers keep it in step with the tables, whatever writes them. Its rowids are
 * allocated by `knowledge_fts_rows`, whose INTEGER PRIMARY KEY survives a VACUUM (the implicit
 * rowid of `parts` would not) and whose unique `ref_id` turns a delete into an index lookup instead
 * of a scan of the FTS table. TypeORM's schema sync knows none of this, hence the hand-written SQL.
 */
export class KnowledgeBase1764600000000 implements MigrationInterface {
  name = 'KnowledgeBase1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "parts" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "name_key" varchar(400) NOT NULL, "description" varchar(1000), "category" varchar(40) NOT NULL, "manufacturer" varchar(100), "voltage_min" double precision, "voltage_max" double precision, "current_max" double precision, "interface" varchar(60), "pinout" text NOT NULL, "specs" text NOT NULL, "datasheet_url" varchar(500), "search_text" text NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "UQ_parts_name_key" UNIQUE ("name_key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_parts_category" ON "parts" ("category", "name") `);
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "name_key" varchar(400) NOT NULL, "description" varchar(1000), "category" varchar(40) NOT NULL, "body" text NOT NULL, "part_names" text NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "UQ_documents_name_key" UNIQUE ("name_key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_documents_category" ON "documents" ("category", "name") `);

    await queryRunner.query(
      `CREATE TABLE "knowledge_fts_rows" ("fts_rowid" INTEGER PRIMARY KEY, "ref_id" varchar(36) NOT NULL UNIQUE)`,
    );
    await queryRunner.query(
      `CREATE VIRTUAL TABLE "knowledge_fts" USING fts5(title, lead, summary, body, kind UNINDEXED, ref_id UNINDEXED, title_key UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')`,
    );
    for (const source of INDEXED) await createTriggers(queryRunner, source);

    await insertKnowledgeSeed(queryRunner, 'sqlite');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const source of INDEXED) {
      for (const event of ['insert', 'update', 'delete']) {
        await queryRunner.query(`DROP TRIGGER "${source.table}_fts_${event}"`);
      }
    }
    await queryRunner.query(`DROP TABLE "knowledge_fts"`);
    await queryRunner.query(`DROP TABLE "knowledge_fts_rows"`);
    await queryRunner.query(`DROP INDEX "idx_documents_category"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP INDEX "idx_parts_category"`);
    await queryRunner.query(`DROP TABLE "parts"`);
  }
}

/**
 * The start of a description says what a thing is ("HC-SR04 ultrasonic distance sensor for 5V
 * boards"); later sentences mention what it is used with ("for sweeping an ultrasonic sensor").
 * Indexed again as its own, heavier column, it ranks the first above the second.
 */
const LEAD_CHARS = 80;

interface IndexedTable {
  table: 'parts' | 'documents';
  kind: 'part' | 'document';
  /** The text indexed as `body`, after the name (`title`) and the description (`summary`). */
  extra: 'search_text' | 'body';
}

const INDEXED: IndexedTable[] = [
  { table: 'parts', kind: 'part', extra: 'search_text' },
  { table: 'documents', kind: 'document', extra: 'body' },
];

async function createTriggers(
  queryRunner: QueryRunner,
  { table, kind, extra }: IndexedTable,
): Promise<void> {
  const lead = (row: 'new') => `substr(coalesce(${row}."description", ''), 1, ${LEAD_CHARS})`;
  const ftsRowOf = (row: 'new' | 'old') =>
    `(SELECT "fts_rowid" FROM "knowledge_fts_rows" WHERE "ref_id" = ${row}."id")`;
  await queryRunner.query(
    `CREATE TRIGGER "${table}_fts_insert" AFTER INSERT ON "${table}" BEGIN ` +
      `INSERT INTO "knowledge_fts_rows" ("ref_id") VALUES (new."id"); ` +
      `INSERT INTO "knowledge_fts" (rowid, title, lead, summary, body, kind, ref_id, title_key) VALUES (${ftsRowOf('new')}, new."name", ${lead('new')}, coalesce(new."description", ''), new."${extra}", '${kind}', new."id", new."name_key"); ` +
      `END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER "${table}_fts_update" AFTER UPDATE OF "name", "name_key", "description", "${extra}" ON "${table}" BEGIN ` +
      `UPDATE "knowledge_fts" SET title = new."name", lead = ${lead('new')}, summary = coalesce(new."description", ''), body = new."${extra}", title_key = new."name_key" WHERE rowid = ${ftsRowOf('new')}; ` +
      `END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER "${table}_fts_delete" AFTER DELETE ON "${table}" BEGIN ` +
      `DELETE FROM "knowledge_fts" WHERE rowid = ${ftsRowOf('old')}; ` +
      `DELETE FROM "knowledge_fts_rows" WHERE "ref_id" = old."id"; ` +
      `END`,
  );
}
