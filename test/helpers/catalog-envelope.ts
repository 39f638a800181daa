import type { Response } from 'supertest';

/** The §0 error body. */
export interface ErrorEnvelope {
  statusCode: number;
  error: string;
  message: string;
  path: string;
  timestamp: string;
  requestId: string;
  details?: { field: string; messages: string[] }[];
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * Asserts the one error envelope of API.md §0: status and code, a message, the request path without
 * its query string, an ISO UTC timestamp, and a requestId equal to the X-Request-ID header.
 * `path` defaults to the path the request was sent to.
 */
export function expectErrorEnvelope(
  res: Response,
  statusCode: number,
  error: string,
  path?: string,
): ErrorEnvelope {
  const body = res.body as ErrorEnvelope;
  expect({ status: res.status, body }).toMatchObject({
    status: statusCode,
    body: { statusCode, error },
  });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  expect(body.path).toBe(path ?? new URL(res.request.url).pathname);
  expect(body.timestamp).toMatch(ISO_UTC);
  expect(Math.abs(Date.now() - Date.parse(body.timestamp))).toBeLessThan(60_000);
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId.length).toBeGreaterThan(0);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

/** A 400 `validation_failed` whose details name `field` (among possibly others). */
export function expectValidationError(res: Response, field: string): ErrorEnvelope {
  const body = expectErrorEnvelope(res, 400, 'validation_failed');
  expect(detailFields(res)).toContain(field);
  for (const row of body.details ?? []) {
    expect(Array.isArray(row.messages)).toBe(true);
    expect(row.messages.length).toBeGreaterThan(0);
  }
  return body;
}

/** The `details[].field` values of a 400, or [] when there are none. */
export function detailFields(res: Response): string[] {
  const details = (res.body as Partial<ErrorEnvelope>).details;
  return Array.isArray(details) ? details.map((d) => d.field) : [];
}
