import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1764000000000 implements MigrationInterface {
    name = 'InitialSchema1764000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "collision_avoidance_modules" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" varchar(1000), "sensor_type" varchar(32) NOT NULL, "min_distance" double precision NOT NULL, "detection_range" double precision NOT NULL, "reaction" varchar(16) NOT NULL, "slowdown_factor" double precision, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "UQ_3e2a2ffd2cd12de667560731667" UNIQUE ("name"))`);
        await queryRunner.query(`CREATE INDEX "idx_collision_avoidance_modules_enabled" ON "collision_avoidance_modules" ("enabled") `);
        await queryRunner.query(`CREATE TABLE "navigation_modules" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" varchar(1000), "algorithm" varchar(32) NOT NULL, "max_speed" double precision NOT NULL, "goal_tolerance" double precision NOT NULL, "waypoints" text NOT NULL, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "UQ_b7d743b360016b5a1d47f52b092" UNIQUE ("name"))`);
        await queryRunner.query(`CREATE INDEX "idx_navigation_modules_enabled" ON "navigation_modules" ("enabled") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "username" varchar(64) NOT NULL, "password_hash" varchar(255) NOT NULL, "role" varchar(16) NOT NULL, "version" integer NOT NULL DEFAULT (1), "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"))`);
        await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "family_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "secret_hash" varchar(64) NOT NULL, "expires_at" datetime NOT NULL, "spent_at" datetime, "revoked_at" datetime, "created_at" datetime NOT NULL)`);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id") `);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_user"`);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_family"`);
        await queryRunner.query(`CREATE TABLE "temporary_refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "family_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "secret_hash" varchar(64) NOT NULL, "expires_at" datetime NOT NULL, "spent_at" datetime, "revoked_at" datetime, "created_at" datetime NOT NULL, CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_refresh_tokens"("id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at") SELECT "id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at" FROM "refresh_tokens"`);
        await queryRunner.query(`DROP TABLE "refresh_tokens"`);
        await queryRunner.query(`ALTER TABLE "temporary_refresh_tokens" RENAME TO "refresh_tokens"`);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_family"`);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_user"`);
        await queryRunner.query(`ALTER TABLE "refresh_tokens" RENAME TO "temporary_refresh_tokens"`);
        await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" varchar(36) PRIMARY KEY NOT NULL, "family_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "secret_hash" varchar(64) NOT NULL, "expires_at" datetime NOT NULL, "spent_at" datetime, "revoked_at" datetime, "created_at" datetime NOT NULL)`);
        await queryRunner.query(`INSERT INTO "refresh_tokens"("id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at") SELECT "id", "family_id", "user_id", "secret_hash", "expires_at", "spent_at", "revoked_at", "created_at" FROM "temporary_refresh_tokens"`);
        await queryRunner.query(`DROP TABLE "temporary_refresh_tokens"`);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id") `);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id") `);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_family"`);
        await queryRunner.query(`DROP INDEX "idx_refresh_tokens_user"`);
        await queryRunner.query(`DROP TABLE "refresh_tokens"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "idx_navigation_modules_enabled"`);
        await queryRunner.query(`DROP TABLE "navigation_modules"`);
        await queryRunner.query(`DROP INDEX "idx_collision_avoidance_modules_enabled"`);
        await queryRunner.query(`DROP TABLE "collision_avoidance_modules"`);
    }

}
