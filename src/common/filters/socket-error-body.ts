import type { FieldError } from '../errors/app-error';
import type { ErrorCode } from '../errors/error-code';
import type { ErrorResponse } from '../errors/to-error-response';

/** The REST envelope's fields a socket gets, in an ack or in `connect_error`'s `data` (API.md §5). */
export interface SocketErrorBody {
  statusCode: number;
  error: ErrorCode;
  message: string;
  details?: FieldError[];
}

export function toSocketErrorBody(response: ErrorResponse): SocketErrorBody {
  return {
    statusCode: response.statusCode,
    error: response.error,
    message: response.message,
    ...(response.details ? { details: response.details } : {}),
  };
}
