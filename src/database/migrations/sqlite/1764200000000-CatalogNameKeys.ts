import type { MigrationInterface, QueryRunner } from 'typeorm';
import { plannedNamesOf } from '../catalog-name-keys';

/**
 * Names become unique ignoring case: a `name_key` column with the unique constraint replaces the
 * one on `name`. SQLite cannot add a NOT NULL column without a default, so each table is rebuilt,
 * and each row is copied with its key (and its name trimmed and in NFC) computed in JavaScript.
 */
export class CatalogNameKeys1764200000000 implements MigrationInterface {
  name = 'CatalogNameKeys1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_navigation_modules_enabled"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_navigation_modules" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" varchar(1000), "algorithm" varchar(32) NOT NULL, "max_speed" double precision NOT NULL, "goal_tolerance" double precision NOT NULL, "waypoints" text NOT NULL, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "name_key" varchar(400) NOT NULL, CONSTRAINT "UQ_69786d0241f2f9544969ce45114" UNIQUE ("name_key"))`,
    );
    await copyWithKeys(queryRunner, 'navigation_modules', [
      'id',
      'description',
      'algorithm',
      'max_speed',
      'goal_tolerance',
      'waypoints',
      'enabled',
      'version',
      'created_at',
      'updated_at',
    ]);
    await queryRunner.query(`DROP TABLE "navigation_modules"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_navigation_modules" RENAME TO "navigation_modules"`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_navigation_modules_enabled" ON "navigation_modules" ("enabled") `,
    );

    await queryRunner.query(`DROP INDEX "idx_collision_avoidance_modules_enabled"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_collision_avoidance_modules" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" varchar(1000), "sensor_type" varchar(32) NOT NULL, "min_distance" double precision NOT NULL, "detection_range" double precision NOT NULL, "reaction" varchar(16) NOT NULL, "slowdown_factor" double precision, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "name_key" varchar(400) NOT NULL, CONSTRAINT "UQ_991615c229ebdc27086283f0ba5" UNIQUE ("name_key"))`,
    );
    await copyWithKeys(queryRunner, 'collision_avoidance_modules', [
      'id',
      'description',
      'sensor_type',
      'min_distance',
      'detection_range',
      'reaction',
      'slowdown_factor',
      'enabled',
      'version',
      'created_at',
      'updated_at',
    ]);
    await queryRunner.query(`DROP TABLE "collision_avoidance_modules"`);
    await queryRunner.query(
      `ALTER TABLE "temporary_collision_avoidance_modules" RENAME TO "collision_avoidance_modules"`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_collision_avoidance_modules_enabled" ON "collision_avoidance_modules" ("enabled") `,
    );
  }

  /** Names stay as the up migration left them (trimmed, NFC, suffixed where they collided). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_collision_avoidance_modules_enabled"`);
    await queryRunner.query(
      `ALTER TABLE "collision_avoidance_modules" RENAME TO "temporary_collision_avoidance_modules"`,
    );
    await queryRunner.query(
      `CREATE TABLE "collision_avoidance_modules" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" varchar(1000), "sensor_type" varchar(32) NOT NULL, "min_distance" double precision NOT NULL, "detection_range" double precision NOT NULL, "reaction" varchar(16) NOT NULL, "slowdown_factor" double precision, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "UQ_3e2a2ffd2cd12de667560731667" UNIQUE ("name"))`,
    );
    await queryRunner.query(
      `INSERT INTO "collision_avoidance_modules"("id", "name", "description", "sensor_type", "min_distance", "detection_range", "reaction", "slowdown_factor", "enabled", "version", "created_at", "updated_at") SELECT "id", "name", "description", "sensor_type", "min_distance", "detection_range", "reaction", "slowdown_factor", "enabled", "version", "created_at", "updated_at" FROM "temporary_collision_avoidance_modules"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_collision_avoidance_modules"`);
    await queryRunner.query(
      `CREATE INDEX "idx_collision_avoidance_modules_enabled" ON "collision_avoidance_modules" ("enabled") `,
    );

    await queryRunner.query(`DROP INDEX "idx_navigation_modules_enabled"`);
    await queryRunner.query(
      `ALTER TABLE "navigation_modules" RENAME TO "temporary_navigation_modules"`,
    );
    await queryRunner.query(
      `CREATE TABLE "navigation_modules" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "description" varchar(1000), "algorithm" varchar(32) NOT NULL, "max_speed" double precision NOT NULL, "goal_tolerance" double precision NOT NULL, "waypoints" text NOT NULL, "enabled" boolean NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, CONSTRAINT "UQ_b7d743b360016b5a1d47f52b092" UNIQUE ("name"))`,
    );
    await queryRunner.query(
      `INSERT INTO "navigation_modules"("id", "name", "description", "algorithm", "max_speed", "goal_tolerance", "waypoints", "enabled", "version", "created_at", "updated_at") SELECT "id", "name", "description", "algorithm", "max_speed", "goal_tolerance", "waypoints", "enabled", "version", "created_at", "updated_at" FROM "temporary_navigation_modules"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_navigation_modules"`);
    await queryRunner.query(
      `CREATE INDEX "idx_navigation_modules_enabled" ON "navigation_modules" ("enabled") `,
    );
  }
}

/** Copies every row of `table` into its temporary twin, with the planned name and key. */
async function copyWithKeys(
  queryRunner: QueryRunner,
  table: string,
  otherColumns: readonly string[],
): Promise<void> {
  const columns = otherColumns.map((c) => `"${c}"`).join(', ');
  for (const [id, planned] of await plannedNamesOf(queryRunner, table)) {
    await queryRunner.query(
      `INSERT INTO "temporary_${table}"("name", "name_key", ${columns}) SELECT ?, ?, ${columns} FROM "${table}" WHERE "id" = ?`,
      [planned.name, planned.nameKey, id],
    );
  }
}
