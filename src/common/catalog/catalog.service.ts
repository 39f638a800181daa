import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { AppError } from '../errors/app-error';
import { expectedVersionFrom } from '../http/etag';
import { type Page, toPage } from '../pagination/pagination.dto';
import type { CatalogStore, NamedRow, SortField, UpdateOutcome } from './catalog-store';
import { definedOnly } from '../objects/defined-only';
import { RecordCache } from './record-cache';

/**
 * How long a cached record may be served without news of a change: the fallback for an
 * announcement lost while Redis is away (the same bound as the users' cache).
 */
export const RECORD_CACHE_TTL_MS = 2000;
const RECORD_CACHE_MAX_ENTRIES = 10_000;

/** What a list request carries (the query DTOs of §2's catalogues and of §8's parts and documents). */
export interface CatalogListRequest {
  page: number;
  limit: number;
  enabled?: boolean;
  search?: string;
  sort?: string;
}

/** The create/read/replace/patch/delete rules the catalogues share; subclasses add their own checks. */
export abstract class CatalogService<Row extends NamedRow, Fields extends object, Response> {
  /** Absent when another instance could change a row unannounced (see CatalogChanges.complete). */
  private readonly records?: RecordCache<Response>;

  protected constructor(
    protected readonly repository: CatalogStore<Row>,
    protected readonly clock: Clock,
    private readonly label: string,
  ) {
    if (repository.changesAreComplete) {
      const records = new RecordCache<Response>(RECORD_CACHE_TTL_MS, RECORD_CACHE_MAX_ENTRIES, () =>
        clock.nowMs(),
      );
      // Ends with the app: CatalogChanges completes the stream on shutdown.
      repository.changed$.subscribe((id) => records.drop(id));
      this.records = records;
    }
  }

  protected abstract toResponse(row: Row): Response;
  protected abstract toRow(
    fields: Fields,
  ): Omit<Row, keyof NamedRow> & Pick<Row, 'name' | 'description'>;
  /** Cross-field rules, checked on the merged record of every write. Throws AppError. */
  protected abstract assertConsistent(merged: Row): void;

  async list(query: CatalogListRequest, equals?: Record<string, string>): Promise<Page<Response>> {
    const sort = query.sort ?? 'name';
    const [rows, total] = await this.repository.findPage({
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
      enabled: query.enabled,
      equals,
      search: query.search,
      sort: sort.replace(/^-/, '') as SortField,
      descending: sort.startsWith('-'),
    });
    return toPage(rows, total, query, (row) => this.toResponse(row));
  }

  /** The same object for every hit: callers serialise it and must not change it. */
  get(id: string): Promise<Response> {
    const load = async () => this.toResponse(await this.require(id));
    return this.records ? this.records.get(id, load) : load();
  }

  async create(fields: Fields): Promise<Response> {
    const now = this.clock.now();
    const row = {
      ...this.toRow(fields),
      id: randomUUID(),
      version: 1,
      createdAt: now,
      updatedAt: now,
    } as Row;
    this.assertConsistent(row);
    return this.toResponse(await this.repository.insert(row));
  }

  /** PUT: every field is given; absent optional fields are cleared. */
  replace(id: string, fields: Fields, ifMatch: string | undefined): Promise<Response> {
    return this.write(id, ifMatch, () => this.toRow(fields) as Partial<Row>);
  }

  /** PATCH: only the given fields change. */
  patch(id: string, fields: Partial<Fields>, ifMatch: string | undefined): Promise<Response> {
    return this.write(
      id,
      ifMatch,
      (current) =>
        this.toRow({ ...this.fieldsOf(current), ...definedOnly(fields) }) as Partial<Row>,
    );
  }

  async remove(id: string, ifMatch: string | undefined): Promise<void> {
    this.assertOutcome(await this.repository.delete(id, expectedVersionFrom(ifMatch, id)));
  }

  /** The writable fields of a stored row, so PATCH can merge onto them. */
  protected abstract fieldsOf(row: Row): Fields;

  private async write(
    id: string,
    ifMatch: string | undefined,
    changesFor: (current: Row) => Partial<Row>,
  ): Promise<Response> {
    const expected = expectedVersionFrom(ifMatch, id);
    const current = await this.require(id);
    if (expected !== undefined && expected !== current.version) {
      throw new AppError('precondition_failed', 'If-Match does not match the current version');
    }
    const changes = changesFor(current);
    this.assertConsistent({ ...current, ...changes });
    // Without If-Match the write still applies to the version just read, so a concurrent
    // change in between is never silently overwritten with stale merged fields.
    this.assertOutcome(
      await this.repository.update(id, current.version, changes, this.clock.now()),
    );
    return this.get(id);
  }

  private assertOutcome(outcome: UpdateOutcome): void {
    if (outcome === 'not_found') throw AppError.notFound(this.label);
    if (outcome === 'stale')
      throw new AppError(
        'precondition_failed',
        `The ${this.label} changed meanwhile; reload and retry`,
      );
  }

  private async require(id: string): Promise<Row> {
    const row = await this.repository.findById(id);
    if (!row) throw AppError.notFound(this.label);
    return row;
  }
}
