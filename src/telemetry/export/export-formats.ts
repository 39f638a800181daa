import { TELEMETRY_FIELDS } from '../telemetry-sample';
import type { ExportRow } from '../storage/telemetry-samples.repository';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How one format frames the rows: written page by page, never the whole file at once. */
export interface ExportWriter {
  readonly contentType: string;
  readonly extension: string;
  head(): string;
  /** `first`: these are the first rows of the file (JSON puts a comma between pages otherwise). */
  rows(rows: readonly ExportRow[], first: boolean): string;
  tail(): string;
}

/** A leading character that makes a spreadsheet read the cell as a formula (or hide one). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A text cell, safe to open in a spreadsheet (OWASP "CSV injection"): one that starts with
 * = + - @, a tab or a carriage return gets a leading apostrophe, so Excel, LibreOffice and Sheets
 * show it as text instead of evaluating it; then RFC 4180 quoting. Numbers do not come through
 * here: they are written by the server from doubles (`-1.5`, `2e-7`), which spreadsheets read
 * as numbers, and marking them would turn every negative value into text.
 */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return safe !== value || NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number cell: empty for null. */
export function csvNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

const iso = (ms: number): string => new Date(ms).toISOString();

function toRecord(row: ExportRow): {
  robotId: string;
  at: string;
  values: Record<string, number | null>;
} {
  const values: Record<string, number | null> = {};
  for (const field of TELEMETRY_FIELDS) values[field] = row[field];
  return { robotId: row.robotId, at: iso(row.at), values };
}

const csv: ExportWriter = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  head: () => `${['robotId', 'at', ...TELEMETRY_FIELDS].join(',')}\r\n`,
  // Lines joined once rather than appended cell by cell: a rope of thousands of small strings
  // costs more to build and to flatten into the response's bytes.
  rows: (rows) => {
    if (rows.length === 0) return '';
    const lines = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const cells = [csvText(row.robotId), csvText(iso(row.at))];
      for (const field of TELEMETRY_FIELDS) cells.push(csvNumber(row[field]));
      lines[i] = cells.join(',');
    }
    return `${lines.join('\r\n')}\r\n`;
  },
  tail: () => '',
};

/** One JSON array, streamed: `[`, the rows separated by commas, `]`. */
const json: ExportWriter = {
  contentType: 'application/json; charset=utf-8',
  extension: 'json',
  head: () => '[',
  rows: (rows, first) =>
    rows.length === 0
      ? ''
      : `${first ? '\n' : ',\n'}${rows.map((row) => JSON.stringify(toRecord(row))).join(',\n')}`,
  tail: () => '\n]\n',
};

/** One JSON object per line. */
const ndjson: ExportWriter = {
  contentType: 'application/x-ndjson; charset=utf-8',
  extension: 'ndjson',
  head: () => '',
  rows: (rows) => rows.map((row) => `${JSON.stringify(toRecord(row))}\n`).join(''),
  tail: () => '',
};

export const EXPORT_WRITERS: Readonly<Record<ExportFormat, ExportWriter>> = { csv, json, ndjson };
