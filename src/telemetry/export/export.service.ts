import { Readable } from 'node:stream';
import { Injectable, StreamableFile } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { resolveWindow } from '../history/time-window';
import type { ExportRow } from '../storage/telemetry-samples.repository';
import { TelemetrySamplesRepository } from '../storage/telemetry-samples.repository';
import type { ExportTelemetryDto } from './dto/export.dto';
import { EXPORT_WRITERS, type ExportWriter } from './export-formats';

/**
 * Rows per keyset page. Reading and formatting a page holds the event loop (better-sqlite3 is
 * synchronous): 500 rows of 19 fields take about 10 ms on a small VM and make ~200 KB of text.
 */
export const EXPORT_PAGE_ROWS = 500;
/** Exports streaming at once on this instance; one more is a 429 until one ends. */
export const MAX_CONCURRENT_EXPORTS = 2;
/** The stream reads ahead at most this much beyond one page (the socket buffers the rest). */
const STREAM_HIGH_WATER_MARK = 64 * 1024;

interface ExportQuery {
  fromMs: number;
  toMs: number;
  robotId?: string;
}

/** `20261201T100000Z`: an instant that is safe in a file name. */
const compact = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/**
 * Streams the samples of a window as a file, page by page: each page is one keyset query of
 * EXPORT_PAGE_ROWS rows, written as text and handed to the response only when it wants more, so
 * memory holds about one page whatever the window. The first page is read before the response
 * starts, so a failing database is an error envelope and not a truncated file; a failure later
 * cuts the connection (a file that just stops would look complete).
 */
@Injectable()
export class TelemetryExportService {
  private active = 0;

  constructor(
    private readonly repository: TelemetrySamplesRepository,
    private readonly clock: Clock,
  ) {}

  async export(dto: ExportTelemetryDto): Promise<StreamableFile> {
    const window = resolveWindow(dto, this.clock.nowMs());
    if (this.active >= MAX_CONCURRENT_EXPORTS) {
      throw new AppError('rate_limited', 'Too many exports in progress; retry shortly', undefined, {
        'Retry-After': '5',
      });
    }
    this.active++;
    let released = false;
    const release = (): void => {
      if (!released) {
        released = true;
        this.active--;
      }
    };
    try {
      const query: ExportQuery = { ...window, robotId: dto.robotId };
      const writer = EXPORT_WRITERS[dto.format];
      const first = await this.repository.exportPage(query, undefined, EXPORT_PAGE_ROWS);
      const stream = Readable.from(this.chunks(writer, query, first), {
        objectMode: false,
        highWaterMark: STREAM_HIGH_WATER_MARK,
      });
      stream.once('close', release);
      const name = `telemetry-${dto.robotId ?? 'all'}-${compact(window.fromMs)}-${compact(window.toMs)}`;
      return new StreamableFile(stream, {
        type: writer.contentType,
        disposition: `attachment; filename="${name}.${writer.extension}"`,
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  private async *chunks(
    writer: ExportWriter,
    query: ExportQuery,
    firstPage: ExportRow[],
  ): AsyncGenerator<string> {
    const head = writer.head();
    if (head) yield head;
    let page = firstPage;
    for (let first = true; ; first = false) {
      if (page.length > 0) yield writer.rows(page, first);
      if (page.length < EXPORT_PAGE_ROWS) break;
      const last = page[page.length - 1];
      page = await this.repository.exportPage(
        query,
        { at: last.at, robotId: last.robotId },
        EXPORT_PAGE_ROWS,
      );
    }
    const tail = writer.tail();
    if (tail) yield tail;
  }
}
