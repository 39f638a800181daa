/** API.md §0: the one error envelope, as the auth and users specs check it. */
export function expectErrorEnvelope(
  body: unknown,
  status: number,
  error: string,
  path?: string,
): void {
  expect(body).toMatchObject({
    statusCode: status,
    error,
    ...(path === undefined ? {} : { path }),
  });
  const envelope = body as Record<string, unknown>;
  expect(typeof envelope.message).toBe('string');
  expect(typeof envelope.path).toBe('string');
  expect(Number.isNaN(Date.parse(String(envelope.timestamp)))).toBe(false);
  expect(typeof envelope.requestId).toBe('string');
  expect(String(envelope.requestId).length).toBeGreaterThan(0);
}

/** The `field` of every entry in a 400's `details` (empty when there are none). */
export function detailFields(body: unknown): string[] {
  const details = (body as { details?: unknown }).details;
  if (!Array.isArray(details)) return [];
  return details.map((d) => String((d as { field?: unknown }).field));
}
