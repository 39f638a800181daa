import { createHmac } from 'node:crypto';
import {
  io,
  Manager,
  type ManagerOptions,
  type Socket,
  type SocketOptions,
} from 'socket.io-client';

export const JWT_ISSUER = 'rover-mission-control';
export const JWT_AUDIENCE = 'rover-mission-control-api';

/**
 * Signs an HS256 JWT by hand, so a test can mint what the service never would (a 2-second token,
 * a foreign key, a wrong `typ`) and check that the service refuses or honours it.
 */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const encode = (part: unknown): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** Claims shaped like the service's access tokens, expiring `ttlSeconds` from now. */
export function accessClaims(
  user: { id: string; username: string; role: string },
  ttlSeconds: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: user.id,
    username: user.username,
    role: user.role,
    sid: '4b7c0a2e-6d1f-4c8e-9a53-2f0d6e1b7c44',
    typ: 'access',
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    iat: now,
    exp: now + ttlSeconds,
    ...overrides,
  };
}

export type ConnectOutcome =
  { connected: true } | { connected: false; error: Error & { data?: unknown } };

/**
 * Keeps every client a test opens, so that afterEach can close them all even when an assertion
 * failed half-way.
 */
export class SocketClients {
  private readonly sockets: Socket[] = [];
  private readonly managers: Manager[] = [];

  /** A socket.io-client over WebSocket only, no reconnection (a refusal must stay a refusal). */
  open(url: string, options: Partial<ManagerOptions & SocketOptions> = {}): Socket {
    const socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 5000,
      ...options,
    });
    this.sockets.push(socket);
    return socket;
  }

  /** A bare Engine.IO connection, to write Socket.IO packets by hand (see `RawSocketIo`). */
  async raw(url: string): Promise<RawSocketIo> {
    const manager = new Manager(url, {
      transports: ['websocket'],
      reconnection: false,
      autoConnect: false,
      timeout: 5000,
    });
    this.managers.push(manager);
    await new Promise<void>((resolve, reject) => {
      manager.open((error) => (error ? reject(error) : resolve()));
    });
    return new RawSocketIo(manager);
  }

  closeAll(): void {
    for (const socket of this.sockets.splice(0)) socket.disconnect();
    for (const manager of this.managers.splice(0)) manager.engine?.close();
  }
}

/** Resolves on `connect` or `connect_error`, whichever comes first; rejects after `timeoutMs`. */
export function connectOutcome(socket: Socket, timeoutMs = 5000): Promise<ConnectOutcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('neither connect nor connect_error')),
      timeoutMs,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ connected: true });
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      clearTimeout(timer);
      resolve({ connected: false, error });
    });
  });
}

/**
 * Socket.IO packets of the default namespace written and read by hand as Engine.IO messages
 * (`0{auth}` connect, `0{"sid":..}` accepted, `4{...}` connect error, `27[...]` event with ack id 7,
 * `37[...]` its ack), bypassing the client library's own guards: it never sends an event on a socket
 * it thinks is refused, a hostile client would.
 */
export class RawSocketIo {
  readonly received: string[] = [];
  private closed = false;

  constructor(private readonly manager: Manager) {
    manager.engine.on('message', (data) => this.received.push(String(data)));
    manager.engine.on('close', () => (this.closed = true));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(frame: string): void {
    this.manager.engine.send(frame);
  }

  /** Resolves with the first frame starting with one of `prefixes` (checked every 10 ms). */
  async waitFor(prefixes: string[], timeoutMs: number): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const frame = this.received.find((f) => prefixes.some((p) => f.startsWith(p)));
      if (frame !== undefined) return frame;
      if (this.closed) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  }
}

/** Resolves with the disconnect reason, or undefined if the socket is still connected after `timeoutMs`. */
export function disconnectReason(socket: Socket, timeoutMs: number): Promise<string | undefined> {
  if (!socket.connected) return Promise.resolve('not connected');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('disconnect', onDisconnect);
      resolve(undefined);
    }, timeoutMs);
    const onDisconnect = (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    };
    socket.once('disconnect', onDisconnect);
  });
}

/** The `sid` claim (the login) of an access token the service issued. */
export function sessionIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
  return String((payload as { sid?: unknown }).sid);
}
