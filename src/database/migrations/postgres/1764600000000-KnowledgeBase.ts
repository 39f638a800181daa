import type { MigrationInterface, QueryRunner } from 'typeorm';
import { insertKnowledgeSeed } from '../knowledge-seed';

/**
 * Parts and documents, their full-text index and the shipped catalogue.
 *
 * Each table has a stored, generated `search_vector` (name weighted A, description B, the rest C)
 * with a GIN index, so PostgreSQL keeps the index in step on every write by itself. The entities do
 * not declare the column (nothing reads it but the search query), and TypeORM's schema sync does
 * not know generated tsvector columns: this SQL is written by hand.
 */
export class KnowledgeBase1764600000000 implements MigrationInterface {
  name = 'KnowledgeBase1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "parts" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "name_key" character varying(400) NOT NULL, "description" character varying(1000), "category" character varying(40) NOT NULL, "manufacturer" character varying(100), "voltage_min" double precision, "voltage_max" double precision, "current_max" double precision, "interface" character varying(60), "pinout" text NOT NULL, "specs" text NOT NULL, "datasheet_url" character varying(500), "search_text" text NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, ` +
        `"search_vector" tsvector GENERATED ALWAYS AS (${weighted('search_text')}) STORED, ` +
        `CONSTRAINT "UQ_parts_name_key" UNIQUE ("name_key"), CONSTRAINT "PK_parts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_parts_category" ON "parts" ("category") `);
    await queryRunner.query(
      `CREATE INDEX "idx_parts_search_vector" ON "parts" USING GIN ("search_vector")`,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "name_key" character varying(400) NOT NULL, "description" character varying(1000), "category" character varying(40) NOT NULL, "body" text NOT NULL, "part_names" text NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, ` +
        `"search_vector" tsvector GENERATED ALWAYS AS (${weighted('body')}) STORED, ` +
        `CONSTRAINT "UQ_documents_name_key" UNIQUE ("name_key"), CONSTRAINT "PK_documents" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_documents_category" ON "documents" ("category") `);
    await queryRunner.query(
      `CREATE INDEX "idx_documents_search_vector" ON "documents" USING GIN ("search_vector")`,
    );

    await insertKnowledgeSeed(queryRunner, 'postgres');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP TABLE "parts"`);
  }
}

function weighted(extra: string): string {
  return (
    `setweight(to_tsvector('english', "name"), 'A') || ` +
    `setweight(to_tsvector('english', coalesce("description", '')), 'B') || ` +
    `setweight(to_tsvector('english', "${extra}"), 'C')`
  );
}
