import type { Observable } from 'rxjs';

/** A versioned, uniquely named record: §2's modules, §8's parts and documents. */
export interface NamedRow {
  id: string;
  name: string;
  /** Filled by the store from `name` on every write; callers leave it out. */
  nameKey: string;
  description: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** §2's catalogue records (navigation and collision-avoidance modules), which can be switched off. */
export interface CatalogRow extends NamedRow {
  enabled: boolean;
}

export const SORTABLE_FIELDS = ['name', 'createdAt', 'updatedAt'] as const;
export type SortField = (typeof SORTABLE_FIELDS)[number];

export interface CatalogListFilter {
  offset: number;
  limit: number;
  enabled?: boolean;
  /** Further column = value filters (a part's category); column names come from code, never input. */
  equals?: Record<string, string>;
  search?: string;
  sort: SortField;
  descending: boolean;
}

export type UpdateOutcome = 'updated' | 'not_found' | 'stale';

/**
 * What CatalogService needs from storage. A port, so that common/ holds the catalogue rules without
 * depending on database/, whose CatalogRepository is the TypeORM adapter.
 */
export interface CatalogStore<T extends NamedRow> {
  /** The id of each row a write changed, on this instance or on another. */
  readonly changed$: Observable<string>;
  /** Whether `changed$` sees every write to the table, so that copies in memory can be trusted. */
  readonly changesAreComplete: boolean;
  findById(id: string): Promise<T | null>;
  findPage(filter: CatalogListFilter): Promise<[T[], number]>;
  /** Rejects with a `conflict` AppError when the name is taken, ignoring case. */
  insert(row: T): Promise<T>;
  /** Applies `changes` and bumps the version, if the row still has `expectedVersion` (when given). */
  update(
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<T>,
    now: Date,
  ): Promise<UpdateOutcome>;
  delete(id: string, expectedVersion?: number): Promise<UpdateOutcome>;
}
