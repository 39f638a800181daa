import { MigrationInterface, QueryRunner } from "typeorm";

export class RevokedSessions1764250000000 implements MigrationInterface {
    name = 'RevokedSessions1764250000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD "revoked_reason" character varying(32)`);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_revoked" ON "refresh_tokens"  ("revoked_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_refresh_tokens_revoked"`);
        await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "revoked_reason"`);
    }

}
