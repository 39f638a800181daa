import request from 'supertest';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { SessionEvents } from '../src/common/sessions/session-events';
import { bearer, createUserAndLogin, login, loginAdmin, type Session } from './helpers/auth';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { PROBE_NAMESPACE, ProbeGateway } from './helpers/probe.gateway';
import {
  connectOutcome,
  disconnectReason,
  sessionIdOf,
  SocketClients,
} from './helpers/socket-client';

type Role = 'viewer' | 'operator' | 'admin';
/** engine.io-client hands `localAddress` to the `ws` socket; its types do not list it. */
type ClientOptions = Partial<ManagerOptions & SocketOptions> & { localAddress?: string };

const HELLO = { hello: 'rover' };
const RECEIVED = { status: 'received', data: HELLO };
/** Loopback is 127.0.0.0/8 on Linux: a client bound to 127.0.0.2 is another address to the server. */
const OTHER_ADDRESS = '127.0.0.2';

const envelope = (statusCode: number, error: string) => ({
  statusCode,
  error,
  message: expect.any(String),
});

describe('Socket.IO per-client limits, Origin and ended sessions (API.md §5)', () => {
  const clients = new SocketClients();
  const probeSockets = new WeakSet<Socket>();
  afterEach(() => clients.closeAll());

  async function connect(
    url: string,
    session: Session,
    options: ClientOptions = {},
  ): Promise<Socket> {
    const socket = clients.open(url, { auth: { token: session.accessToken }, ...options });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected)
      throw new Error(`handshake refused: ${JSON.stringify(outcome.error.data)}`);
    if (url.endsWith(PROBE_NAMESPACE)) probeSockets.add(socket);
    return socket;
  }

  async function refusal(url: string, options: ClientOptions): Promise<unknown> {
    const outcome = await connectOutcome(clients.open(url, options));
    if (outcome.connected) throw new Error('handshake accepted');
    return outcome.error.data;
  }

  /** Every `exception` event the server sends this socket: with an ack, there must be none. */
  function exceptionsOf(socket: Socket): unknown[] {
    const seen: unknown[] = [];
    socket.on('exception', (payload: unknown) => seen.push(payload));
    return seen;
  }

  const send = (socket: Socket, event = 'message', payload: unknown = HELLO): Promise<unknown> =>
    socket.timeout(2000).emitWithAck(event, payload);

  describe('rate limits on socket events', () => {
    let t: TestApp;
    let admin: Session;
    const probe = () => `${t.baseUrl}${PROBE_NAMESPACE}`;

    beforeAll(async () => {
      t = await createTestApp({ env: { THROTTLE_LIMIT: '20' }, providers: [ProbeGateway] });
      admin = await loginAdmin(t.baseUrl);
    });
    afterAll(() => t.close());

    it('should see a client bound to 127.0.0.2 as another address (the premise of the next tests)', async () => {
      const operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
      const socket = await connect(probe(), operator, { localAddress: OTHER_ADDRESS });
      await expect(send(socket, 'whoami')).resolves.toEqual({
        address: OTHER_ADDRESS,
        userId: operator.user.id,
      });
    });

    it("should refuse a viewer's events beyond the budget with 429 acks while other users' sockets, on this address and another, keep getting received", async () => {
      const noisy = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const elsewhere = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const sameAddress = await createUserAndLogin(t.baseUrl, admin, 'operator');
      const a = await connect(t.baseUrl, noisy);
      const b = await connect(t.baseUrl, elsewhere, { localAddress: OTHER_ADDRESS });
      const c = await connect(t.baseUrl, sameAddress);
      const exceptions = exceptionsOf(a);

      const acks: unknown[] = [];
      for (let i = 0; i < 25; i++) acks.push(await send(a));

      expect(acks.slice(0, 20)).toEqual(Array(20).fill(RECEIVED));
      expect(acks.slice(20)).toEqual(Array(5).fill(envelope(429, 'rate_limited')));
      expect(exceptions).toEqual([]);
      await expect(send(b)).resolves.toEqual(RECEIVED);
      await expect(send(c)).resolves.toEqual(RECEIVED);
      // The same user from another address shares the user's budget: the key is the user.
      const again = await connect(t.baseUrl, noisy, { localAddress: OTHER_ADDRESS });
      await expect(send(again)).resolves.toEqual(envelope(429, 'rate_limited'));
    });

    it('should share one budget per user between HTTP and sockets, as every route shares one', async () => {
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const socket = await connect(t.baseUrl, viewer);
      for (let i = 0; i < 20; i++) await send(socket);
      const res = await request(t.baseUrl)
        .get('/api/auth/me')
        .set(...bearer(viewer));
      expect(res.status).toBe(429);
    });

    it('should answer the refusal of a hand-written event packet with its ack frame, never an exception event', async () => {
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const raw = await clients.raw(t.baseUrl);
      raw.send(`0${JSON.stringify({ token: viewer.accessToken })}`);
      expect(await raw.waitFor(['0', '4'], 3000)).toMatch(/^0\{"sid"/);
      for (let id = 1; id <= 21; id++) raw.send(`2${id}${JSON.stringify(['message', HELLO])}`);
      const acks = () => raw.received.filter((frame) => frame.startsWith('3'));
      for (let i = 0; i < 100 && acks().length < 21; i++) await raw.waitFor(['never'], 20);

      const payloads = acks().map((frame) => JSON.parse(frame.replace(/^3\d+/, '')) as unknown);
      expect(payloads).toHaveLength(21);
      expect(payloads.filter((p) => JSON.stringify(p) === JSON.stringify([RECEIVED]))).toHaveLength(
        20,
      );
      expect(payloads).toContainEqual([envelope(429, 'rate_limited')]);
      expect(raw.received.some((frame) => frame.includes('"exception"'))).toBe(false);
    });

    it('should still tell a client that sent no ack callback, with an exception event in the envelope', async () => {
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const socket = await connect(t.baseUrl, viewer);
      for (let i = 0; i < 20; i++) await send(socket);
      const exception = new Promise((resolve) => socket.once('exception', resolve));
      socket.emit('message', HELLO);
      await expect(exception).resolves.toEqual(envelope(429, 'rate_limited'));
    });

    it('should apply the control limit (10 a second per user) to a @ControlRateLimit socket handler', async () => {
      const operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
      const socket = await connect(probe(), operator);
      const acks = await Promise.all(Array.from({ length: 12 }, () => send(socket, 'drive', {})));
      expect(acks.filter((ack) => JSON.stringify(ack) === '{"driven":true}')).toHaveLength(10);
      expect(acks.filter((ack) => JSON.stringify(ack) !== '{"driven":true}')).toEqual(
        Array(2).fill(envelope(429, 'rate_limited')),
      );
    });
  });

  describe('errors of socket handlers, on a namespace that declares nothing but its gateway', () => {
    let t: TestApp;
    let operator: Session;
    let socket: Socket;
    let exceptions: unknown[];

    beforeAll(async () => {
      t = await createTestApp({ providers: [ProbeGateway] });
      operator = await createUserAndLogin(t.baseUrl, await loginAdmin(t.baseUrl), 'operator');
    });
    beforeEach(async () => {
      socket = await connect(`${t.baseUrl}${PROBE_NAMESPACE}`, operator);
      exceptions = exceptionsOf(socket);
    });
    afterEach(() => expect(exceptions).toEqual([]));
    afterAll(() => t.close());

    it('should refuse a handshake without a token on the new namespace with connect_error 401', async () => {
      await expect(refusal(`${t.baseUrl}${PROBE_NAMESPACE}`, {})).resolves.toEqual(
        envelope(401, 'unauthorized'),
      );
    });

    it('should acknowledge a payload that fails validation with 400 validation_failed and details', async () => {
      await expect(send(socket, 'echo', { text: 'hi' })).resolves.toEqual({ text: 'hi' });
      const ack = await send(socket, 'echo', { text: 'much too long', extra: 1 });
      expect(ack).toEqual({
        statusCode: 400,
        error: 'validation_failed',
        message: 'Validation failed',
        details: expect.arrayContaining([
          { field: 'text', messages: [expect.stringContaining('8')] },
          { field: 'extra', messages: [expect.any(String)] },
        ]),
      });
    });

    it("should acknowledge a domain error with its code's status", async () => {
      await expect(send(socket, 'conflict', {})).resolves.toEqual({
        statusCode: 409,
        error: 'conflict',
        message: 'The probe is in conflict',
      });
    });

    it('should acknowledge an unexpected error as a bare 500 that does not leak its message', async () => {
      const ack = await send(socket, 'crash', {});
      expect(ack).toEqual({
        statusCode: 500,
        error: 'internal_error',
        message: 'An unexpected error occurred',
      });
    });
  });

  describe('sockets per user', () => {
    let t: TestApp;
    let admin: Session;
    const probe = () => `${t.baseUrl}${PROBE_NAMESPACE}`;

    beforeAll(async () => {
      t = await createTestApp({ env: { SOCKET_MAX_PER_USER: '3' }, providers: [ProbeGateway] });
      admin = await loginAdmin(t.baseUrl);
    });
    afterAll(() => t.close());

    it("should refuse a user's socket beyond SOCKET_MAX_PER_USER, counted across namespaces and addresses, with connect_error 429", async () => {
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const other = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      await connect(t.baseUrl, viewer);
      await connect(probe(), viewer);
      await connect(t.baseUrl, viewer, { localAddress: OTHER_ADDRESS });

      const auth = { token: viewer.accessToken };
      await expect(refusal(t.baseUrl, { auth })).resolves.toEqual(envelope(429, 'rate_limited'));
      await expect(refusal(probe(), { auth })).resolves.toEqual(envelope(429, 'rate_limited'));
      await expect(connect(t.baseUrl, other)).resolves.toBeDefined();
    });

    it('should admit a new socket once one closed, and not count the refused ones', async () => {
      const viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
      const first = await connect(t.baseUrl, viewer);
      await connect(t.baseUrl, viewer);
      await connect(probe(), viewer);
      const auth = { token: viewer.accessToken };
      for (let i = 0; i < 3; i++) await refusal(t.baseUrl, { auth });

      first.disconnect();
      let admitted = false;
      for (let i = 0; i < 20 && !admitted; i++) {
        admitted = (await connectOutcome(clients.open(t.baseUrl, { auth }))).connected;
        if (!admitted) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(admitted).toBe(true);
      await expect(refusal(probe(), { auth })).resolves.toEqual(envelope(429, 'rate_limited'));
    });
  });

  describe('handshake Origin', () => {
    const ALLOWED = ['http://console.example', 'https://ops.example:8443'];
    let t: TestApp;
    let viewer: Session;
    const probe = () => `${t.baseUrl}${PROBE_NAMESPACE}`;
    const from = (origin: string): ClientOptions => ({
      auth: { token: viewer.accessToken },
      extraHeaders: { Origin: origin },
    });

    beforeAll(async () => {
      t = await createTestApp({
        env: { CORS_ORIGINS: ALLOWED.join(','), SOCKET_MAX_PER_USER: '50' },
        providers: [ProbeGateway],
      });
      viewer = await createUserAndLogin(t.baseUrl, await loginAdmin(t.baseUrl), 'viewer');
    });
    afterAll(() => t.close());

    it.each([
      ['a foreign site', 'http://evil.example'],
      ['the opaque origin of a sandboxed page', 'null'],
      ['this host on another port', 'http://127.0.0.1:1'],
      ['an allowed host over another scheme and port', 'https://console.example:444'],
    ])(
      'should refuse a browser handshake from %s with connect_error 403 forbidden, valid token or not',
      async (_case, origin) => {
        await expect(refusal(t.baseUrl, from(origin))).resolves.toEqual(envelope(403, 'forbidden'));
        await expect(refusal(probe(), from(origin))).resolves.toEqual(envelope(403, 'forbidden'));
        await expect(refusal(t.baseUrl, { extraHeaders: { Origin: origin } })).resolves.toEqual(
          envelope(403, 'forbidden'),
        );
      },
    );

    it('should refuse a foreign Origin on the polling transport as well', async () => {
      await expect(
        refusal(t.baseUrl, { ...from('http://evil.example'), transports: ['polling'] }),
      ).resolves.toEqual(envelope(403, 'forbidden'));
    });

    it.each(ALLOWED)('should accept the allowed origin %s', async (origin) => {
      await expect(connectOutcome(clients.open(probe(), from(origin)))).resolves.toEqual({
        connected: true,
      });
    });

    it('should accept the same origin as the request, as the console served by this service is', async () => {
      const socket = await connect(t.baseUrl, viewer, { extraHeaders: { Origin: t.baseUrl } });
      await expect(send(socket)).resolves.toEqual(RECEIVED);
    });

    it('should accept a client that sends no Origin (not a browser)', async () => {
      const socket = await connect(probe(), viewer);
      await expect(send(socket, 'echo', { text: 'ok' })).resolves.toEqual({ text: 'ok' });
    });
  });

  describe('ended sessions', () => {
    let t: TestApp;
    let admin: Session;
    let counter = 0;

    interface Account {
      id: string;
      username: string;
      password: string;
      login(): Promise<Session>;
    }

    async function account(role: Role): Promise<Account> {
      const username = `sess-${role}-${process.pid}-${++counter}`;
      const password = `${role}-password-long-enough-${counter}`;
      const res = await request(t.baseUrl)
        .post('/api/users')
        .set(...bearer(admin))
        .send({ username, password, role });
      expect(res.status).toBe(201);
      return {
        id: (res.body as { id: string }).id,
        username,
        password,
        login: () => login(t.baseUrl, username, password),
      };
    }

    /** Two sockets (default namespace and the probe) for one login. */
    async function socketsOf(session: Session): Promise<Socket[]> {
      return [
        await connect(t.baseUrl, session),
        await connect(`${t.baseUrl}${PROBE_NAMESPACE}`, session),
      ];
    }

    /** Listens from now on (call it before the action): resolves when every socket was dropped. */
    async function expectDisconnected(sockets: Socket[]): Promise<void> {
      const reasons = await Promise.all(sockets.map((s) => disconnectReason(s, 2000)));
      expect(reasons).toEqual(sockets.map(() => 'io server disconnect'));
    }

    async function expectStillServed(sockets: Socket[]): Promise<void> {
      for (const socket of sockets) {
        expect(socket.connected).toBe(true);
        const onProbe = probeSockets.has(socket);
        const payload = { text: 'ok' };
        await expect(send(socket, onProbe ? 'echo' : 'message', payload)).resolves.toEqual(
          onProbe ? payload : { status: 'received', data: payload },
        );
      }
    }

    beforeAll(async () => {
      t = await createTestApp({ providers: [ProbeGateway] });
      admin = await loginAdmin(t.baseUrl);
    });
    afterAll(() => t.close());

    describe('the SessionEvents subscriber', () => {
      it('should disconnect, on every namespace, only the sockets of the logins an event names', async () => {
        const user = await account('operator');
        const [first, second] = [await user.login(), await user.login()];
        const bystander = await (await account('operator')).login();
        const ended = await socketsOf(first);
        const kept = [...(await socketsOf(second)), ...(await socketsOf(bystander))];

        const disconnected = expectDisconnected(ended);
        t.app.get(SessionEvents).ended$.next({
          userId: user.id,
          reason: 'logout',
          sessionIds: [sessionIdOf(first.accessToken)],
        });

        await disconnected;
        await expectStillServed(kept);
      });

      it('should disconnect every other login of the user when the event keeps one', async () => {
        const user = await account('viewer');
        const [current, other1, other2] = [
          await user.login(),
          await user.login(),
          await user.login(),
        ];
        const ended = [...(await socketsOf(other1)), ...(await socketsOf(other2))];
        const kept = await socketsOf(current);

        const disconnected = expectDisconnected(ended);
        t.app.get(SessionEvents).ended$.next({
          userId: user.id,
          reason: 'password_changed',
          keepSessionId: sessionIdOf(current.accessToken),
        });

        await disconnected;
        await expectStillServed(kept);
      });
    });

    describe('through the REST routes that end sessions', () => {
      it('should disconnect the sockets of a login that logs out, and only those', async () => {
        const user = await account('viewer');
        const [leaving, staying] = [await user.login(), await user.login()];
        const bystander = await (await account('viewer')).login();
        const ended = await socketsOf(leaving);
        const kept = [...(await socketsOf(staying)), ...(await socketsOf(bystander))];

        const disconnected = expectDisconnected(ended);
        const res = await request(t.baseUrl)
          .post('/api/auth/logout')
          .set(...bearer(leaving))
          .send({ refreshToken: leaving.refreshToken });
        expect(res.status).toBe(204);

        await disconnected;
        await expectStillServed(kept);
      });

      it("should disconnect every other login's sockets when a user changes their password", async () => {
        const user = await account('operator');
        const [current, other] = [await user.login(), await user.login()];
        const ended = await socketsOf(other);
        const kept = await socketsOf(current);

        const disconnected = expectDisconnected(ended);
        const res = await request(t.baseUrl)
          .patch('/api/auth/me')
          .set(...bearer(current))
          .send({ currentPassword: user.password, newPassword: `${user.password}-renewed` });
        expect(res.status).toBe(204);

        await disconnected;
        await expectStillServed(kept);
      });

      it.each([
        ['demotes them', { role: 'viewer' }],
        ['resets their password', { password: 'an-admin-reset-password' }],
      ])("should disconnect all of a user's sockets when an admin %s", async (_case, change) => {
        const user = await account('operator');
        const ended = [
          ...(await socketsOf(await user.login())),
          ...(await socketsOf(await user.login())),
        ];
        const kept = await socketsOf(await (await account('operator')).login());

        const disconnected = expectDisconnected(ended);
        const res = await request(t.baseUrl)
          .patch(`/api/users/${user.id}`)
          .set(...bearer(admin))
          .send(change);
        expect(res.status).toBe(200);

        await disconnected;
        await expectStillServed(kept);
      });

      it("should disconnect all of a deleted user's sockets", async () => {
        const user = await account('viewer');
        const ended = await socketsOf(await user.login());
        const kept = await socketsOf(await (await account('viewer')).login());

        const disconnected = expectDisconnected(ended);
        const res = await request(t.baseUrl)
          .delete(`/api/users/${user.id}`)
          .set(...bearer(admin));
        expect(res.status).toBe(204);

        await disconnected;
        await expectStillServed(kept);
      });
    });
  });
});
