import { AppError, type FieldError } from '../../common/errors/app-error';

/** The longest window a history or an export may cover. */
export const MAX_WINDOW_MS = 31 * 24 * 3_600_000;
/** A history without `from` covers the hour before `to`. */
export const DEFAULT_WINDOW_MS = 3_600_000;

/** [fromMs, toMs), epoch milliseconds. */
export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The window a request asks for, from its validated ISO timestamps: `to` defaults to now, `from`
 * to `to` minus `defaultSpanMs`. A window that is empty, reversed, before 1970 or longer than
 * MAX_WINDOW_MS is a 400 naming the field, before anything is read.
 */
export function resolveWindow(
  input: { readonly from?: string; readonly to?: string },
  nowMs: number,
  defaultSpanMs = DEFAULT_WINDOW_MS,
): TimeWindow {
  const toMs = input.to === undefined ? nowMs : Date.parse(input.to);
  const fromMs = input.from === undefined ? toMs - defaultSpanMs : Date.parse(input.from);
  const problems: FieldError[] = [];
  if (fromMs < 0) {
    problems.push({ field: 'from', messages: ['from must not be before 1970-01-01T00:00:00Z'] });
  }
  if (toMs <= fromMs) {
    problems.push({
      field: 'to',
      messages: [`to${input.to === undefined ? ' (now, by default)' : ''} must be later than from`],
    });
  } else if (toMs - fromMs > MAX_WINDOW_MS) {
    problems.push({ field: 'to', messages: ['the window from..to must not exceed 31 days'] });
  }
  if (problems.length > 0) throw new AppError('validation_failed', 'Validation failed', problems);
  return { fromMs, toMs };
}
