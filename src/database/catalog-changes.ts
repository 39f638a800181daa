import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { filter, map, type Observable, Subject } from 'rxjs';
import { RedisConnection } from '../common/redis/redis-connection';
import { RelayChannel } from '../common/redis/relay-channel';
import { AppConfig } from '../config/app-config';

/** A catalogue row that was inserted, changed or deleted. */
export interface CatalogChange {
  table: string;
  id: string;
}

interface HeardChange extends CatalogChange {
  /** Made by this instance (else heard over Redis). */
  local: boolean;
}

const MAX_MESSAGE_BYTES = 4096;
const TABLE_NAME = /^[a-z_]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which catalogue rows changed, on this instance or (REDIS_URL) on another: what keeps the copies
 * of catalogue rows held in memory (the record cache, the collision guard's modules, the knowledge
 * caches) true to the database. A write announces its row before it answers, so the other
 * instances hear of it before the writer's client can ask them; a message lost while Redis is away
 * is covered by each copy's own expiry.
 */
@Injectable()
export class CatalogChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CatalogChanges');
  private readonly all$ = new Subject<HeardChange>();
  private relay?: RelayChannel;
  /**
   * True when every write that can reach this database is announced here: one SQLite file is
   * written by one service, and with Redis every instance tells the others. Two instances on one
   * PostgreSQL without Redis cannot tell each other, so their reads must not be served from memory.
   */
  readonly complete: boolean;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    this.complete = config.database.kind === 'sqlite' || redis.enabled;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.relay = await RelayChannel.open(
      this.redis,
      'catalog',
      this.logger,
      MAX_MESSAGE_BYTES,
      (message) => {
        const change = parse(message);
        if (change) this.all$.next({ ...change, local: false });
      },
    );
  }

  onApplicationShutdown(): void {
    this.all$.complete();
  }

  /**
   * The ids of `table`'s rows as they change, here or elsewhere; with `localOnly`, the changes this
   * instance made (for copies kept in Redis, which the writer's instance updates for everyone).
   */
  of(table: string, { localOnly = false } = {}): Observable<string> {
    return this.all$.pipe(
      filter((change) => change.table === table && (change.local || !localOnly)),
      map((change) => change.id),
    );
  }

  /**
   * Tells this instance's subscribers at once, then the other instances; resolves once the message
   * is on its way. Never rejects: Redis away is logged, and the others' copies expire on their own.
   */
  async announce(change: CatalogChange): Promise<void> {
    this.all$.next({ ...change, local: true });
    if (!this.relay) return;
    try {
      await this.relay.publish({ table: change.table, id: change.id });
    } catch (error) {
      this.logger.warn(
        { table: change.table, error: error instanceof Error ? error.message : String(error) },
        'Catalogue change not sent to the other instances; their copies expire on their own',
      );
    }
  }
}

function parse(message: Record<string, unknown>): CatalogChange | undefined {
  const { table, id } = message;
  if (typeof table !== 'string' || typeof id !== 'string') return undefined;
  if (!TABLE_NAME.test(table) || !UUID.test(id)) return undefined;
  return { table, id };
}
