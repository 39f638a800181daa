import { HttpException } from '@nestjs/common';
import { AppError, type FieldError } from './app-error';
import { ERROR_STATUS, type ErrorCode, errorCodeForStatus } from './error-code';

export interface ErrorResponse {
  statusCode: number;
  error: ErrorCode;
  message: string;
  details?: FieldError[];
  extra?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, string>>;
}

const GENERIC_500 = 'An unexpected error occurred';

/**
 * Maps anything thrown to the client-facing error. Unknown errors become a bare 500: their messages
 * may carry SQL, paths or secrets, so they are logged, never shown.
 */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof AppError) {
    return {
      statusCode: exception.status,
      error: exception.code,
      message: exception.message,
      details: exception.details,
      extra: exception.extra,
      headers: exception.headers,
    };
  }
  const framework = frameworkError(exception);
  if (framework !== undefined) {
    return {
      statusCode: framework.statusCode,
      error: errorCodeForStatus(framework.statusCode),
      message: frameworkErrorMessage(framework),
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const error = errorCodeForStatus(statusCode);
    const health = failedHealthCheck(exception);
    if (health) return { statusCode, error, ...health };
    if (statusCode >= 500) return { statusCode, error, message: GENERIC_500 };
    return { statusCode, error, message: httpExceptionMessage(exception) };
  }
  return { statusCode: ERROR_STATUS.internal_error, error: 'internal_error', message: GENERIC_500 };
}

function httpExceptionMessage(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object' && 'message' in body) {
    const message = body.message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.map(String).join('; ');
  }
  return exception.message;
}

/**
 * A client error the HTTP layer raised before any route ran: a body too large, malformed or in a
 * charset we do not read (our parsers' and Fastify's own, with a `statusCode` and, for Fastify's,
 * an `FST_` code). Its message is Fastify's wording, so the envelope says it in ours.
 */
function frameworkError(exception: unknown): FrameworkError | undefined {
  if (!exception || typeof exception !== 'object') return undefined;
  const { statusCode, expose, code } = exception as {
    statusCode?: unknown;
    expose?: unknown;
    code?: unknown;
  };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const fastifyCode = typeof code === 'string' && code.startsWith('FST_') ? code : undefined;
  return expose === true || fastifyCode !== undefined
    ? { statusCode, code: fastifyCode }
    : undefined;
}

interface FrameworkError {
  statusCode: number;
  code?: string;
}

function frameworkErrorMessage({ statusCode, code }: FrameworkError): string {
  if (code === 'FST_ERR_BAD_URL') return 'Malformed URL: a percent-escape does not decode';
  switch (statusCode) {
    case 413:
      return 'Request body is larger than the 1 MiB limit';
    case 415:
      return 'Unsupported content type or encoding';
    default:
      return 'Malformed request body';
  }
}

/**
 * A failing /health (terminus throws a 503 whose body is the check result): the envelope names the
 * failing checks and carries every check's state under `checks`, the map a 200 shows as
 * `details`, so an operator sees what is down. Nothing here is more than a 200 already shows.
 */
function failedHealthCheck(
  exception: HttpException,
): Pick<ErrorResponse, 'message' | 'extra'> | undefined {
  if (exception.getStatus() !== 503) return undefined;
  const body = exception.getResponse() as {
    status?: unknown;
    error?: unknown;
    details?: unknown;
  };
  if (body === null || typeof body !== 'object' || body.status !== 'error') return undefined;
  if (typeof body.details !== 'object' || body.details === null) return undefined;
  const down = Object.keys(typeof body.error === 'object' && body.error ? body.error : {});
  return {
    message: down.length > 0 ? `Health check failed: ${down.join(', ')}` : 'Health check failed',
    extra: { checks: body.details },
  };
}
