import type { QueryRunner } from 'typeorm';
import { caselessKey, normalizeName } from '../../common/validation/clean-text';

/*
 * The data half of the CatalogNameKeys migrations (one per driver folder; this file sits outside
 * both, so the migration globs do not load it). It needs the same key function as the running app,
 * which SQL cannot compute on SQLite.
 */

export const CATALOG_TABLES = ['navigation_modules', 'collision_avoidance_modules'] as const;

const NAME_MAX_LENGTH = 100;

export interface NamedRow {
  id: string;
  name: string;
}

export interface PlannedName {
  name: string;
  nameKey: string;
}

/**
 * The stored name and key of every row once names are unique ignoring case. Rows come oldest first;
 * the oldest holder of a key keeps its name, and a later one that now collides (say "NAV-GOOD" beside
 * "nav-good", or "nav-good " once trimmed) is renamed "NAV-GOOD (2)", never onto a name another
 * row already has. Nothing is deleted, and every record keeps its id.
 */
export function planCatalogNames(rows: readonly NamedRow[]): Map<string, PlannedName> {
  const planned = new Map<string, PlannedName>();
  const taken = new Set<string>();
  const renamed: NamedRow[] = [];
  for (const row of rows) {
    const name = normalizeName(row.name) || row.name;
    const nameKey = caselessKey(name);
    if (taken.has(nameKey)) {
      renamed.push({ id: row.id, name });
      continue;
    }
    taken.add(nameKey);
    planned.set(row.id, { name, nameKey });
  }
  for (const row of renamed) {
    for (let n = 2; ; n++) {
      const suffix = ` (${n})`;
      const name = truncate(row.name, NAME_MAX_LENGTH - suffix.length) + suffix;
      const nameKey = caselessKey(name);
      if (taken.has(nameKey)) continue;
      taken.add(nameKey);
      planned.set(row.id, { name, nameKey });
      break;
    }
  }
  return planned;
}

/** Oldest first, so the record that had a name first keeps it. */
export async function plannedNamesOf(
  queryRunner: QueryRunner,
  table: string,
): Promise<Map<string, PlannedName>> {
  const rows = (await queryRunner.query(
    `SELECT "id", "name" FROM "${table}" ORDER BY "created_at", "id"`,
  )) as NamedRow[];
  return planCatalogNames(rows);
}

/** At most `max` UTF-16 units, without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  let result = '';
  for (const char of text) {
    if (result.length + char.length > max) break;
    result += char;
  }
  return result;
}
