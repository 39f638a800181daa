import { AppError } from '../errors/app-error';

/** Strong ETag from the row's version: it changes on every successful write. */
export function etagFor(id: string, version: number): string {
  return `"${id}.${version}"`;
}

/**
 * Reads If-Match into the version the client last saw. Absent: no precondition. `*`: any current
 * version. A tag for another resource or a malformed one can never match, so it is a 412 too.
 */
export function expectedVersionFrom(ifMatch: string | undefined, id: string): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  for (const tag of ifMatch.split(',')) {
    const match = /^\s*(?:W\/)?"([0-9a-f-]{36})\.(\d{1,9})"\s*$/i.exec(tag);
    if (match && match[1].toLowerCase() === id) return Number(match[2]);
  }
  throw new AppError('precondition_failed', 'If-Match does not match the current version');
}
