import type { Observable } from 'rxjs';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Brackets, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type {
  CatalogListFilter,
  CatalogStore,
  NamedRow,
  UpdateOutcome,
} from '../common/catalog/catalog-store';
import { caselessKey } from '../common/validation/clean-text';
import { isUniqueViolation } from './database-errors';
import type { CatalogChanges } from './catalog-changes';
import type { WriteLock } from './write-lock';

/** The two better-sqlite3 calls used here, without importing the driver's types into every feature. */
interface SqliteStatement {
  get(...params: unknown[]): Record<string, unknown> | undefined;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/**
 * Shared TypeORM access for the catalogue tables; each feature's repository extends it for its own
 * entity and stays the only file of that feature that touches TypeORM. No method opens a
 * transaction: every write is one statement, and optimistic concurrency is a `WHERE version = ?`.
 */
export abstract class CatalogRepository<
  T extends NamedRow & ObjectLiteral,
> implements CatalogStore<T> {
  private cachedSelectByIdSql?: string;
  private cachedSelectedColumns?: ColumnMetadata[];
  /** null: not SQLite (or not connected when first asked), so reads go through TypeORM. */
  private cachedSqliteSelect?: SqliteStatement | null;
  /**
   * The id of every row a write changed, on this instance at once or on another over Redis
   * (copies of the table's rows held in memory refresh on it).
   */
  readonly changed$: Observable<string>;
  /** Only the writes this instance made. */
  readonly changedHere$: Observable<string>;

  protected constructor(
    protected readonly repo: Repository<T>,
    private readonly writeLock: WriteLock,
    private readonly changes: CatalogChanges,
    private readonly label: string,
  ) {
    this.changed$ = changes.of(repo.metadata.tableName);
    this.changedHere$ = changes.of(repo.metadata.tableName, { localOnly: true });
  }

  get changesAreComplete(): boolean {
    return this.changes.complete;
  }

  /** Before the write answers, so no instance serves the old row to the writer's next request. */
  private announce(id: string): Promise<void> {
    return this.changes.announce({ table: this.repo.metadata.tableName, id });
  }

  /**
   * The hot read (every GET of a record): one prepared statement, hydrated column by column with
   * the driver's own conversions. The query builder does the same work plus SQL assembly and
   * alias mapping on every call, which was a large share of an authenticated read's CPU.
   */
  async findById(id: string): Promise<T | null> {
    const sqlite = this.sqliteSelectById;
    if (sqlite) {
      const row = sqlite.get(id);
      return row ? this.hydrate(row) : null;
    }
    const rows = await this.repo.query<Record<string, unknown>[]>(this.selectByIdSql, [id]);
    return rows.length > 0 ? this.hydrate(rows[0]) : null;
  }

  /**
   * On SQLite, the same statement prepared once on better-sqlite3's own connection (the one
   * TypeORM uses): `repo.query` takes a query runner, wraps the call in promises and a statement
   * cache lookup on every read, a tenth of an authenticated record read's CPU. Reads only: every
   * write still goes through TypeORM and the write lock.
   */
  private get sqliteSelectById(): SqliteStatement | undefined {
    if (this.cachedSqliteSelect === undefined) {
      const { driver } = this.repo.manager.connection;
      const database = (driver as { databaseConnection?: SqliteDatabase }).databaseConnection;
      this.cachedSqliteSelect =
        driver.options.type === 'better-sqlite3' && database
          ? database.prepare(this.selectByIdSql)
          : null;
    }
    return this.cachedSqliteSelect ?? undefined;
  }

  private get selectByIdSql(): string {
    if (this.cachedSelectByIdSql === undefined) {
      const { driver } = this.repo.manager.connection;
      const columns = this.selectedColumns.map((c) => driver.escape(c.databaseName)).join(', ');
      const placeholder = driver.options.type === 'postgres' ? '$1' : '?';
      this.cachedSelectByIdSql = `SELECT ${columns} FROM ${driver.escape(this.repo.metadata.tableName)} WHERE ${driver.escape('id')} = ${placeholder}`;
    }
    return this.cachedSelectByIdSql;
  }

  /** Columns a read returns: not those marked `select: false` (PostgreSQL's search vectors). */
  private get selectedColumns() {
    this.cachedSelectedColumns ??= this.repo.metadata.columns.filter((column) => column.isSelect);
    return this.cachedSelectedColumns;
  }

  private hydrate(raw: Record<string, unknown>): T {
    const { driver } = this.repo.manager.connection;
    const entity = this.repo.create();
    for (const column of this.selectedColumns) {
      column.setEntityValue(entity, driver.prepareHydratedValue(raw[column.databaseName], column));
    }
    return entity;
  }

  findPage(filter: CatalogListFilter): Promise<[T[], number]> {
    const query = this.repo.createQueryBuilder('row');
    if (filter.enabled !== undefined)
      query.andWhere('row.enabled = :enabled', { enabled: filter.enabled });
    for (const [column, value] of Object.entries(filter.equals ?? {})) {
      query.andWhere(`row.${column} = :${column}`, { [column]: value });
    }
    if (filter.search) this.whereSearch(query, filter.search);
    return query
      .orderBy(`row.${filter.sort}`, filter.descending ? 'DESC' : 'ASC')
      .addOrderBy('row.id', 'ASC')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
  }

  async insert(row: T): Promise<T> {
    row.nameKey = caselessKey(row.name);
    try {
      await this.writeLock.run(() => this.repo.insert(row));
    } catch (error) {
      throw this.translate(error, row.name);
    }
    await this.announce(row.id);
    return row;
  }

  async update(
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<T>,
    now: Date,
  ): Promise<UpdateOutcome> {
    const keyed =
      typeof changes.name === 'string'
        ? { ...changes, nameKey: caselessKey(changes.name) }
        : changes;
    const query = this.repo
      .createQueryBuilder()
      .update()
      .set({ ...keyed, updatedAt: now, version: () => 'version + 1' })
      .where('id = :id', { id });
    if (expectedVersion !== undefined)
      query.andWhere('version = :expectedVersion', { expectedVersion });
    let affected: number;
    try {
      affected = (await this.writeLock.run(() => query.execute())).affected ?? 0;
    } catch (error) {
      throw this.translate(error, typeof changes.name === 'string' ? changes.name : undefined);
    }
    if (affected > 0) {
      await this.announce(id);
      return 'updated';
    }
    return (await this.repo.existsBy({ id } as never)) ? 'stale' : 'not_found';
  }

  async delete(id: string, expectedVersion?: number): Promise<UpdateOutcome> {
    const query = this.repo.createQueryBuilder().delete().where('id = :id', { id });
    if (expectedVersion !== undefined)
      query.andWhere('version = :expectedVersion', { expectedVersion });
    const affected = (await this.writeLock.run(() => query.execute())).affected ?? 0;
    if (affected > 0) {
      await this.announce(id);
      return 'updated';
    }
    return (await this.repo.existsBy({ id } as never)) ? 'stale' : 'not_found';
  }

  /**
   * `search` is matched literally (LIKE wildcards escaped): caselessly against the name key, so
   * "É" finds "é" on SQLite too, whose LOWER() folds ASCII only, and lower-cased against the
   * description.
   */
  private whereSearch(query: SelectQueryBuilder<T>, search: string): void {
    const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const keyPattern = like(caselessKey(search));
    const pattern = like(search.toLowerCase());
    query.andWhere(
      new Brackets((qb) => {
        qb.where("row.nameKey LIKE :keyPattern ESCAPE '\\'", { keyPattern }).orWhere(
          "LOWER(COALESCE(row.description, '')) LIKE :pattern ESCAPE '\\'",
          { pattern },
        );
      }),
    );
  }

  private translate(error: unknown, name: string | undefined): unknown {
    if (isUniqueViolation(error)) {
      return new AppError(
        'conflict',
        `A ${this.label} named '${name ?? ''}' already exists (names are compared ignoring case)`,
      );
    }
    return error;
  }
}
