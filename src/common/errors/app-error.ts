import { ERROR_STATUS, type ErrorCode } from './error-code';

export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * A domain error: services throw these (never HttpException), and the one exception filter turns
 * them into the HTTP envelope or a Socket.IO error ack.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Readonly<Record<string, string>>,
    /** Further fields of the envelope for this kind of error (a compile's parsed `errors`). */
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }

  static validation(field: string, message: string): AppError {
    return new AppError('validation_failed', 'Validation failed', [{ field, messages: [message] }]);
  }
}
