import { MigrationInterface, QueryRunner } from "typeorm";

export class RuntimeSettings1764400000000 implements MigrationInterface {
    name = 'RuntimeSettings1764400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "runtime_settings" ("key" character varying(16) NOT NULL, "overrides" text NOT NULL, "version" integer NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_by" character varying(64) NOT NULL, CONSTRAINT "PK_e12c6dba147684ac546ed82ef30" PRIMARY KEY ("key"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "runtime_settings"`);
    }

}
