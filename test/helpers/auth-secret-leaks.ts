import request, { type Response, type Test } from 'supertest';

export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  text: string;
  body: unknown;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type RecordingClient = Record<HttpMethod, (path: string) => Test>;

/**
 * A supertest client that keeps every response it receives, so a spec can check all of them for
 * leaked secrets instead of only the ones a test happens to look at.
 */
export function recordingClient(baseUrl: string, sink: RecordedResponse[]): RecordingClient {
  const make =
    (method: HttpMethod) =>
    (path: string): Test => {
      const test = request(baseUrl)[method](path);
      return test.on('response', (res: Response) => {
        sink.push({
          method: method.toUpperCase(),
          path,
          status: res.status,
          text: res.text,
          body: res.body,
        });
      });
    };
  return {
    get: make('get'),
    post: make('post'),
    put: make('put'),
    patch: make('patch'),
    delete: make('delete'),
  };
}

/** A key that would only be there to carry a credential or its hash. */
const SECRET_KEY = /pass(word)?|hash|salt|secret/i;
/** PHC-format hash strings ($argon2id$..., $scrypt$..., $2b$... bcrypt). */
const HASH_LIKE = /\$(argon2(id|i|d)?|scrypt|2[aby]?)\$/;

/**
 * Lists what in one response body looks like a password or a password hash: a key named like one,
 * a PHC-format hash anywhere in the text, or one of the given plaintext passwords.
 */
export function findSecretLeaks(
  response: Pick<RecordedResponse, 'text' | 'body'>,
  plaintextPasswords: readonly string[] = [],
): string[] {
  const leaks: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${at}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (SECRET_KEY.test(key)) leaks.push(`key ${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
    }
  };
  walk(response.body, 'body');
  const text = response.text ?? '';
  if (HASH_LIKE.test(text)) leaks.push('a PHC hash string in the body');
  for (const password of plaintextPasswords) {
    if (password.length > 0 && text.includes(password)) leaks.push('a plaintext password');
  }
  return leaks;
}

/** Every recorded response with a leak, as readable lines (empty when all are clean). */
export function leakReport(
  responses: readonly RecordedResponse[],
  plaintextPasswords: readonly string[] = [],
): string[] {
  return responses.flatMap((r) =>
    findSecretLeaks(r, plaintextPasswords).map(
      (leak) => `${r.method} ${r.path} -> ${r.status}: ${leak}`,
    ),
  );
}
