import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver runs every query on one shared connection. A statement is atomic
 * on its own, but an open transaction would swallow the statements of concurrent requests (and roll
 * them back with it). So on SQLite every write and every transaction goes through this FIFO lock;
 * on PostgreSQL, with a pool of connections, it is a pass-through.
 */
@Injectable()
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;

  constructor(dataSource: DataSource) {
    this.serialise = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serialise) return work();
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
