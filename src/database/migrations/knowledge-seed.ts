import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { caselessKey, normalizeName } from '../../common/validation/clean-text';
import { partSearchText } from '../../knowledge/parts/part-search-text';
import { SEED_DOCUMENTS } from '../../knowledge/seed/documents';
import { SEED_PARTS } from '../../knowledge/seed/parts';

/**
 * Loads the shipped parts and documents, once, from the KnowledgeBase migration of each driver.
 * A migration rather than a boot step, so that a part an admin deleted stays deleted. Plain SQL with
 * the driver's placeholders: the entities may change later, this migration's columns may not.
 */
export async function insertKnowledgeSeed(
  queryRunner: QueryRunner,
  driver: 'sqlite' | 'postgres',
): Promise<void> {
  const now = new Date();
  const at = driver === 'sqlite' ? DateUtils.mixedDateToUtcDatetimeString(now) : now;
  const placeholders = (count: number) =>
    Array.from({ length: count }, (_, i) => (driver === 'sqlite' ? '?' : `$${i + 1}`)).join(', ');

  for (const part of SEED_PARTS) {
    const name = normalizeName(part.name);
    const values = [
      randomUUID(),
      name,
      caselessKey(name),
      part.description,
      part.category,
      part.manufacturer,
      part.voltageMin,
      part.voltageMax,
      part.currentMax,
      part.interface,
      JSON.stringify(part.pinout),
      JSON.stringify(part.specs),
      part.datasheetUrl,
      partSearchText(part),
      1,
      at,
      at,
    ];
    await queryRunner.query(
      `INSERT INTO "parts" ("id", "name", "name_key", "description", "category", "manufacturer", "voltage_min", "voltage_max", "current_max", "interface", "pinout", "specs", "datasheet_url", "search_text", "version", "created_at", "updated_at") VALUES (${placeholders(values.length)})`,
      values,
    );
  }
  for (const document of SEED_DOCUMENTS) {
    const title = normalizeName(document.title);
    const values = [
      randomUUID(),
      title,
      caselessKey(title),
      document.summary,
      document.category,
      document.body,
      JSON.stringify(document.partNames),
      1,
      at,
      at,
    ];
    await queryRunner.query(
      `INSERT INTO "documents" ("id", "name", "name_key", "description", "category", "body", "part_names", "version", "created_at", "updated_at") VALUES (${placeholders(values.length)})`,
      values,
    );
  }
}
