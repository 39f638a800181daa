import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CATALOG_TABLES, plannedNamesOf } from '../catalog-name-keys';

const NAME_KEY_CONSTRAINTS: Record<(typeof CATALOG_TABLES)[number], string> = {
  navigation_modules: 'UQ_24f5bfaa8d3b52a891b5220df41',
  collision_avoidance_modules: 'UQ_a6ab70cfada62ff1fb3ae49c841',
};
const NAME_CONSTRAINTS: Record<(typeof CATALOG_TABLES)[number], string> = {
  navigation_modules: 'UQ_b7d743b360016b5a1d47f52b092',
  collision_avoidance_modules: 'UQ_3e2a2ffd2cd12de667560731667',
};

/**
 * Names become unique ignoring case: a `name_key` column with the unique constraint replaces the
 * one on `name`. The key (and the name, trimmed and in NFC) is computed in JavaScript, the same
 * function the app uses, while neither column is constrained, so no row collides on the way.
 */
export class CatalogNameKeys1764200000000 implements MigrationInterface {
  name = 'CatalogNameKeys1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of CATALOG_TABLES) {
      await queryRunner.query(
        `ALTER TABLE "${table}" DROP CONSTRAINT "${NAME_CONSTRAINTS[table]}"`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" ADD "name_key" character varying(400)`);
      for (const [id, planned] of await plannedNamesOf(queryRunner, table)) {
        await queryRunner.query(
          `UPDATE "${table}" SET "name" = $1, "name_key" = $2 WHERE "id" = $3`,
          [planned.name, planned.nameKey, id],
        );
      }
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "name_key" SET NOT NULL`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${NAME_KEY_CONSTRAINTS[table]}" UNIQUE ("name_key")`,
      );
    }
  }

  /** Names stay as the up migration left them (trimmed, NFC, suffixed where they collided). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...CATALOG_TABLES].reverse()) {
      await queryRunner.query(
        `ALTER TABLE "${table}" DROP CONSTRAINT "${NAME_KEY_CONSTRAINTS[table]}"`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "name_key"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${NAME_CONSTRAINTS[table]}" UNIQUE ("name")`,
      );
    }
  }
}
