import { AppError } from '../../common/errors/app-error';
import { DEFAULT_WINDOW_MS, MAX_WINDOW_MS, resolveWindow } from './time-window';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe(resolveWindow.name, () => {
  it('should default to the hour before now', () => {
    expect(resolveWindow({}, NOW)).toEqual({ fromMs: NOW - DEFAULT_WINDOW_MS, toMs: NOW });
  });

  it('should read both ends, with their time zones', () => {
    expect(
      resolveWindow({ from: '2026-12-01T10:00:00+01:00', to: '2026-12-01T10:00:00.250Z' }, NOW),
    ).toEqual({
      fromMs: Date.parse('2026-12-01T09:00:00Z'),
      toMs: Date.parse('2026-12-01T10:00:00.250Z'),
    });
  });

  it('should refuse a window that ends where it starts, naming `to`', () => {
    const error = failure(() =>
      resolveWindow({ from: '2026-12-01T10:00:00Z', to: '2026-12-01T10:00:00Z' }, NOW),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ field: 'to', messages: ['to must be later than from'] }]);
  });

  it('should say that the default `to` is now when `from` is in the future', () => {
    const error = failure(() => resolveWindow({ from: '2027-01-01T00:00:00Z' }, NOW));
    expect(error.details?.[0].messages[0]).toContain('now, by default');
  });

  it('should refuse a window longer than 31 days and accept exactly 31 days', () => {
    const from = '2026-10-01T00:00:00Z';
    const exactly = new Date(Date.parse(from) + MAX_WINDOW_MS).toISOString();
    expect(resolveWindow({ from, to: exactly }, NOW).toMs).toBe(Date.parse(exactly));
    const longer = new Date(Date.parse(from) + MAX_WINDOW_MS + 1).toISOString();
    expect(failure(() => resolveWindow({ from, to: longer }, NOW)).details?.[0].field).toBe('to');
  });

  it('should refuse a start before 1970', () => {
    const error = failure(() =>
      resolveWindow({ from: '1969-12-31T23:00:00Z', to: '1970-01-01T01:00:00Z' }, NOW),
    );
    expect(error.details?.map((d) => d.field)).toEqual(['from']);
  });
});
