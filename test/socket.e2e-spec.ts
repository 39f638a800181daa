import { randomUUID } from 'node:crypto';
import { loginAdmin, type Session } from './helpers/auth';
import { createTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/create-test-app';
import { accessClaims, connectOutcome, signHs256, SocketClients } from './helpers/socket-client';

const HELLO = { hello: 'rover' };
const UNAUTHORIZED = expect.objectContaining({ statusCode: 401, error: 'unauthorized' });

describe('Socket.IO default namespace (API.md §5)', () => {
  let t: TestApp;
  let admin: Session;
  const clients = new SocketClients();

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t.baseUrl);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => t.close());

  describe('handshake authentication', () => {
    it('should refuse a handshake without a token with connect_error 401 unauthorized', async () => {
      const outcome = await connectOutcome(clients.open(t.baseUrl));
      expect(outcome.connected).toBe(false);
      expect(!outcome.connected && outcome.error.data).toEqual(UNAUTHORIZED);
    });

    it.each([
      ['garbage', () => 'not-a-jwt'],
      ['signed with another key', () => signHs256(accessClaims(admin.user, 60), 'x'.repeat(48))],
      ['expired', () => signHs256(accessClaims(admin.user, -10), TEST_JWT_SECRET)],
      [
        'for another audience',
        () => signHs256(accessClaims(admin.user, 60, { aud: 'other' }), TEST_JWT_SECRET),
      ],
      [
        'not an access token',
        () => signHs256(accessClaims(admin.user, 60, { typ: 'refresh' }), TEST_JWT_SECRET),
      ],
      [
        'of an unknown user',
        () => signHs256(accessClaims({ ...admin.user, id: randomUUID() }, 60), TEST_JWT_SECRET),
      ],
      ['unsigned (alg none)', () => unsignedToken(accessClaims(admin.user, 60))],
    ])('should refuse a token that is %s with connect_error 401', async (_case, token) => {
      const outcome = await connectOutcome(clients.open(t.baseUrl, { auth: { token: token() } }));
      expect(outcome.connected).toBe(false);
      expect(!outcome.connected && outcome.error.data).toEqual(UNAUTHORIZED);
    });

    it('should refuse a valid token sent only in the query string', async () => {
      const socket = clients.open(t.baseUrl, { query: { token: admin.accessToken } });
      const outcome = await connectOutcome(socket);
      expect(outcome.connected).toBe(false);
      expect(!outcome.connected && outcome.error.data).toEqual(UNAUTHORIZED);
    });

    it('should accept a valid token in the handshake auth payload', async () => {
      const socket = clients.open(t.baseUrl, { auth: { token: admin.accessToken } });
      await expect(connectOutcome(socket)).resolves.toEqual({ connected: true });
    });

    it('should accept a valid token in an Authorization: Bearer header', async () => {
      const socket = clients.open(t.baseUrl, {
        extraHeaders: { Authorization: `Bearer ${admin.accessToken}` },
      });
      await expect(connectOutcome(socket)).resolves.toEqual({ connected: true });
    });
  });

  describe('message event', () => {
    it('should acknowledge a message with { status: received, data }', async () => {
      const socket = clients.open(t.baseUrl, { auth: { token: admin.accessToken } });
      await expect(connectOutcome(socket)).resolves.toEqual({ connected: true });
      const ack: unknown = await socket.timeout(3000).emitWithAck('message', HELLO);
      expect(ack).toEqual({ status: 'received', data: HELLO });
    });

    // The raw connection proves it can see an ack, so the refusal below is not vacuous.
    it('should answer a hand-written event packet with an ack on an accepted connection', async () => {
      const raw = await clients.raw(t.baseUrl);
      raw.send(`0${JSON.stringify({ token: admin.accessToken })}`);
      expect(await raw.waitFor(['0', '4'], 3000)).toMatch(/^0\{"sid"/);
      raw.send(`27${JSON.stringify(['message', HELLO])}`);
      expect(await raw.waitFor(['3'], 3000)).toBe(
        `37${JSON.stringify([{ status: 'received', data: HELLO }])}`,
      );
    });

    it('should never run a handler for a refused socket, even for an event sent after the refusal', async () => {
      const raw = await clients.raw(t.baseUrl);
      raw.send(`0${JSON.stringify({ token: 'not-a-jwt' })}`);
      const answer = await raw.waitFor(['0', '4'], 3000);
      expect(answer).toMatch(/^4\{/);
      expect(JSON.parse(answer?.slice(1) ?? '{}')).toMatchObject({ data: UNAUTHORIZED });
      if (!raw.isClosed) raw.send(`27${JSON.stringify(['message', HELLO])}`);
      expect(await raw.waitFor(['3'], 1500)).toBeUndefined();
    });
  });

  describe('token expiry', () => {
    it('should disconnect a socket within 5 s after its token expires, not before', async () => {
      const claims = accessClaims(admin.user, 2);
      const expiresAtMs = Number(claims.exp) * 1000;
      const socket = clients.open(t.baseUrl, {
        auth: { token: signHs256(claims, TEST_JWT_SECRET) },
      });
      const disconnected = new Promise<{ reason: string; at: number }>((resolve) =>
        socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() })),
      );
      await expect(connectOutcome(socket)).resolves.toEqual({ connected: true });
      const ack: unknown = await socket.timeout(1000).emitWithAck('message', HELLO);
      expect(ack).toEqual({ status: 'received', data: HELLO });

      let timer: NodeJS.Timeout | undefined;
      const { reason, at } = await Promise.race([
        disconnected,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('still connected 5 s after expiry')),
            expiresAtMs + 5000 - Date.now(),
          );
        }),
      ]).finally(() => clearTimeout(timer));
      expect(reason).toBe('io server disconnect');
      expect(at).toBeGreaterThanOrEqual(expiresAtMs - 100);
      expect(at).toBeLessThanOrEqual(expiresAtMs + 5000);
    }, 15_000);
  });
});

function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (part: unknown): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}
