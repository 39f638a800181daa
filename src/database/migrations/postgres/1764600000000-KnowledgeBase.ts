import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchVectorExpression } from '../../../knowledge/search/search-vector';
import { insertKnowledgeSeed } from '../knowledge-seed';

/**
 * Parts and documents, their full-text index and the shipped catalogue.
 *
 * Each table has a stored, generated `search_vector` (searchVectorExpression) with a GIN index, so
 * PostgreSQL keeps the index in step on every write by itself. The GIN index and the expression are
 * beyond what TypeORM generates: this SQL is written by hand, and records the expressions in
 * typeorm_metadata as TypeORM's own migrations would, so that its schema check agrees.
 */
export class KnowledgeBase1764600000000 implements MigrationInterface {
  name = 'KnowledgeBase1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Where TypeORM keeps the expressions of generated columns (as its own generated migrations do).
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(
      `CREATE TABLE "parts" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "name_key" character varying(400) NOT NULL, "description" character varying(1000), "category" character varying(40) NOT NULL, "manufacturer" character varying(100), "voltage_min" double precision, "voltage_max" double precision, "current_max" double precision, "interface" character varying(60), "pinout" text NOT NULL, "specs" text NOT NULL, "datasheet_url" character varying(500), "search_text" text NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, ` +
        `"search_vector" tsvector GENERATED ALWAYS AS (${searchVectorExpression('search_text')}) STORED, ` +
        `CONSTRAINT "UQ_parts_name_key" UNIQUE ("name_key"), CONSTRAINT "PK_parts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_parts_category" ON "parts" ("category", "name") `);
    await queryRunner.query(
      `CREATE INDEX "idx_parts_search_vector" ON "parts" USING GIN ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "name_key" character varying(400) NOT NULL, "description" character varying(1000), "category" character varying(40) NOT NULL, "body" text NOT NULL, "part_names" text NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, ` +
        `"search_vector" tsvector GENERATED ALWAYS AS (${searchVectorExpression('body')}) STORED, ` +
        `CONSTRAINT "UQ_documents_name_key" UNIQUE ("name_key"), CONSTRAINT "PK_documents" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_documents_category" ON "documents" ("category", "name") `);
    await queryRunner.query(
      `CREATE INDEX "idx_documents_search_vector" ON "documents" USING GIN ("search_vector")`,
    );

    for (const [table, extra] of [
      ['parts', 'search_text'],
      ['documents', 'body'],
    ] as const) {
      await queryRunner.query(
        `INSERT INTO "typeorm_metadata" ("type", "database", "schema", "table", "name", "value") VALUES ('GENERATED_COLUMN', current_database(), current_schema(), $1, 'search_vector', $2)`,
        [table, searchVectorExpression(extra)],
      );
    }

    await insertKnowledgeSeed(queryRunner, 'postgres');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_vector' AND "table" IN ('parts', 'documents')`,
    );
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP TABLE "parts"`);
  }
}
