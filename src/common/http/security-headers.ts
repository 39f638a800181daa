import type { IncomingMessage, ServerResponse } from 'node:http';

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** A header to set on every response, as helmet would set it. */
export type ConstantHeader = readonly [name: string, value: string];

/**
 * Runs a headers-only middleware (helmet, with a static policy) once against a recording response
 * and returns what it set, so that the request envelope sets the same headers with one call each
 * instead of running helmet's dozen middlewares on every request. Refuses a middleware that does
 * anything else (reads the request, removes headers we did not see, calls next with an error or
 * later), since its output could then differ per request.
 */
export function captureConstantHeaders(middleware: Middleware): ConstantHeader[] {
  const headers: ConstantHeader[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.push([name, String(value)]);
      return recorder;
    },
    // helmet removes X-Powered-By, which the app never sets (Express's is disabled).
    removeHeader() {},
  };
  let nextCalled = false;
  let failure: unknown;
  middleware(
    new Proxy({} as IncomingMessage, {
      get(_target, property) {
        throw new Error(`header middleware read the request (${String(property)})`);
      },
    }),
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      nextCalled = true;
      failure = error;
    },
  );
  if (!nextCalled || failure !== undefined)
    throw new Error('header middleware did not finish at once', { cause: failure });
  return headers;
}
