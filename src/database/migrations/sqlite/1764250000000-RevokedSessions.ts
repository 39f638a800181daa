import { MigrationInterface, QueryRunner } from "typeorm";

export class RevokedSessions1764250000000 implements MigrationInterface {
    name = 'RevokedSessions1764250000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_family"`);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_user"`);
        await queryRunner.query(`CREATE TABLE "temporary_refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "family_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "secret_hash" varchar(64) NOT NULL, "expires_at" datetime NOT NULL, "spent_at" datetime, "revoked_at" datetime, "created_at" datetime NOT NULL, "revoked_reason" varchar(32), CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_refresh_tokens"("id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at") SELECT "id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at" FROM "refresh_tokens"`);
        await queryRunner.query(`DROP TABLE "refresh_tokens"`);
        await queryRunner.query(`ALTER TABLE "temporary_refresh_tokens" RENAME TO "refresh_tokens"`);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id") `);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_revoked" ON "refresh_tokens" ("revoked_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_revoked"`);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_user"`);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_family"`);
        await queryRunner.query(`ALTER TABLE "refresh_tokens" RENAME TO "temporary_refresh_tokens"`);
        await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "family_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "secret_hash" varchar(64) NOT NULL, "expires_at" datetime NOT NULL, "spent_at" datetime, "revoked_at" datetime, "created_at" datetime NOT NULL, CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "refresh_tokens"("id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at") SELECT "id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at" FROM "temporary_refresh_tokens"`);
        await queryRunner.query(`DROP TABLE "temporary_refresh_tokens"`);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id") `);
    }

}
