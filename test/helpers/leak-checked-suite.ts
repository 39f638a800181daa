import { loginAdmin, type Session } from './auth';
import {
  type HttpMethod,
  leakReport,
  recordingClient,
  type RecordedResponse,
  type RecordingClient,
} from './auth-secret-leaks';
import { createTestApp, TEST_ADMIN_PASSWORD, type TestApp } from './create-test-app';

export interface LeakCheckedSuite {
  /** Read in tests and hooks: set by the suite's beforeAll. */
  readonly t: TestApp;
  readonly admin: Session;
  /** Records every response for the leak check. Usable once the suite has started. */
  readonly http: RecordingClient;
  /** Plaintext passwords no response may contain; push every password a test sets. */
  readonly passwords: string[];
  /** Creates an account as the admin (expecting 201) and adds its password to `passwords`. */
  createUser(user: { username: string; password: string; role: string }): Promise<string>;
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * For the top describe of a spec: one app with the admin signed in, and after every test a check
 * that no response the suite received carried a password or a password hash (API.md §1).
 */
export function leakCheckedSuite(): LeakCheckedSuite {
  const responses: RecordedResponse[] = [];
  const passwords: string[] = [TEST_ADMIN_PASSWORD];
  let t: TestApp | undefined;
  let admin: Session | undefined;
  let client: RecordingClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the suite has not started: read it in a test or hook');
    return value;
  };
  const http = Object.fromEntries(
    METHODS.map((method) => [method, (path: string) => started(client)[method](path)]),
  ) as RecordingClient;

  beforeAll(async () => {
    t = await createTestApp();
    client = recordingClient(t.baseUrl, responses);
    admin = await loginAdmin(t.baseUrl);
  });
  afterAll(() => t?.close());
  afterEach(() => {
    expect(leakReport(responses.splice(0), passwords)).toEqual([]);
  });

  return {
    get t() {
      return started(t);
    },
    get admin() {
      return started(admin);
    },
    http,
    passwords,
    async createUser(user) {
      passwords.push(user.password);
      const res = await http
        .post('/api/users')
        .set('Authorization', `Bearer ${started(admin).accessToken}`)
        .send(user);
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    },
  };
}
