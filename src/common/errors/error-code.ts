/** The stable, client-facing error codes (API.md §0). Each maps to exactly one HTTP status. */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  estop_latched: 409,
  collision_risk: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  compile_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  upload_failed: 502,
  hardware_unavailable: 503,
  toolchain_unavailable: 503,
  service_unavailable: 503,
  storage_busy: 503,
  command_timeout: 504,
  upstream_timeout: 504,
  job_timeout: 504,
  port_busy: 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** For HTTP errors raised by Nest or Express themselves, which carry a status but no code. */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition_failed';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'unprocessable';
    case 429:
      return 'rate_limited';
    case 502:
      return 'upstream_error';
    case 503:
      return 'service_unavailable';
    case 504:
      return 'command_timeout';
    default:
      return status >= 500 ? 'internal_error' : 'bad_request';
  }
}

/** For codes that arrive from outside this process (another instance's answer). */
export const isErrorCode = (value: string): value is ErrorCode =>
  Object.hasOwn(ERROR_STATUS, value);
