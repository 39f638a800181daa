import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1764000000000 implements MigrationInterface {
    name = 'InitialSchema1764000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "collision_avoidance_modules" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "description" character varying(1000), "sensor_type" character varying(32) NOT NULL, "min_distance" double precision NOT NULL, "detection_range" double precision NOT NULL, "reaction" character varying(16) NOT NULL, "slowdown_factor" double precision, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_3e2a2ffd2cd12de667560731667" UNIQUE ("name"), CONSTRAINT "PK_d00050e0d8b257be2186658f693" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_collision_avoidance_modules_enabled" ON "collision_avoidance_modules"  ("enabled") `);
        await queryRunner.query(`CREATE TABLE "navigation_modules" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "description" character varying(1000), "algorithm" character varying(32) NOT NULL, "max_speed" double precision NOT NULL, "goal_tolerance" double precision NOT NULL, "waypoints" text NOT NULL, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_b7d743b360016b5a1d47f52b092" UNIQUE ("name"), CONSTRAINT "PK_21e0f69a52945d7894f229e20bc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_navigation_modules_enabled" ON "navigation_modules"  ("enabled") `);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "username" character varying(64) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "secret_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "spent_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens"  ("family_id") `);
        await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
        await queryRunner.query(`DROP INDEX "public"."idx_refresh_tokens_family"`);
        await queryRunner.query(`DROP INDEX "public"."idx_refresh_tokens_user"`);
        await queryRunner.query(`DROP TABLE "refresh_tokens"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."idx_navigation_modules_enabled"`);
        await queryRunner.query(`DROP TABLE "navigation_modules"`);
        await queryRunner.query(`DROP INDEX "public"."idx_collision_avoidance_modules_enabled"`);
        await queryRunner.query(`DROP TABLE "collision_avoidance_modules"`);
    }

}
