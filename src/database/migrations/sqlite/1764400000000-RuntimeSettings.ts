import { MigrationInterface, QueryRunner } from "typeorm";

export class RuntimeSettings1764400000000 implements MigrationInterface {
    name = 'RuntimeSettings1764400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "runtime_settings" ("key" varchar(16) PRIMARY KEY NOT NULL, "overrides" text NOT NULL, "version" integer NOT NULL, "updated_at" datetime NOT NULL, "updated_by" varchar(64) NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "runtime_settings"`);
    }

}
