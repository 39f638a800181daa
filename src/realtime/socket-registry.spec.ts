import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { SessionEvents } from '../common/sessions/session-events';
import type { AppConfig } from '../config/app-config';
import { SocketRegistry } from './socket-registry';

const NOW_S = Date.parse('2026-11-25T12:00:00Z') / 1000;

/** The parts of a server-side socket the registry uses; `disconnect` behaves as Socket.IO's does. */
class FakeSocket extends EventEmitter {
  connected = false;
  readonly data: Record<string, unknown> = {};
  readonly conn = new EventEmitter();
  readonly disconnect = jest.fn(() => {
    if (!this.connected) return;
    this.connected = false;
    this.emit('disconnect', 'server namespace disconnect');
  });

  connect(): void {
    this.connected = true;
  }
}

function userOf(id: string, sessionId = 'sid-1', ttlSeconds = 900): AuthenticatedUser {
  return {
    id,
    username: id,
    role: 'operator',
    scopes: ['rover:view', 'rover:control', 'arduino:upload'],
    tokenExpiresAt: NOW_S + ttlSeconds,
    sessionId,
  };
}

describe(SocketRegistry.name, () => {
  let registry: SocketRegistry;
  let sessions: SessionEvents;

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW_S * 1000 });
    sessions = new SessionEvents();
    const config = { realtime: { maxSocketsPerUser: 2 } } as AppConfig;
    registry = new SocketRegistry(config, new Clock(), sessions);
    registry.onModuleInit();
  });
  afterEach(() => {
    registry.onModuleDestroy();
    jest.useRealTimers();
  });

  /** Admitted, then connected and confirmed, as the handshake and the namespace do it. */
  function open(user: AuthenticatedUser): FakeSocket {
    const socket = new FakeSocket();
    registry.admit(socket as unknown as Socket, user);
    socket.data.user = user;
    socket.connect();
    registry.confirm(socket as unknown as Socket);
    return socket;
  }

  describe('the cap on sockets per user', () => {
    it('should refuse a socket beyond the cap with 429 rate_limited, and not count it', () => {
      open(userOf('alice'));
      open(userOf('alice', 'sid-2'));
      const extra = () => registry.admit(new FakeSocket() as unknown as Socket, userOf('alice'));
      expect(extra).toThrow(AppError);
      expect(extra).toThrow(expect.objectContaining({ code: 'rate_limited', status: 429 }));
      expect(registry.countOf('alice')).toBe(2);
    });

    it('should count each user on their own', () => {
      open(userOf('alice'));
      open(userOf('alice'));
      expect(() => open(userOf('bob'))).not.toThrow();
    });

    it('should give the place back when the socket disconnects', () => {
      const first = open(userOf('alice'));
      open(userOf('alice'));
      first.disconnect();
      expect(registry.countOf('alice')).toBe(1);
      expect(() => open(userOf('alice'))).not.toThrow();
    });

    it('should give the place back when the connection closes before the socket connected', () => {
      const socket = new FakeSocket();
      registry.admit(socket as unknown as Socket, userOf('alice'));
      socket.conn.emit('close', 'transport close');
      expect(registry.countOf('alice')).toBe(0);
    });

    it('should give the place back when an admitted socket never connects', () => {
      registry.admit(new FakeSocket() as unknown as Socket, userOf('alice'));
      jest.advanceTimersByTime(9_999);
      expect(registry.countOf('alice')).toBe(1);
      jest.advanceTimersByTime(1);
      expect(registry.countOf('alice')).toBe(0);
    });

    it('should keep a confirmed socket past the pending delay', () => {
      open(userOf('alice'));
      jest.advanceTimersByTime(60_000);
      expect(registry.countOf('alice')).toBe(1);
    });
  });

  describe('token expiry', () => {
    it('should disconnect a socket when its token expires, not before', () => {
      const socket = open(userOf('alice', 'sid-1', 30));
      jest.advanceTimersByTime(29_999);
      expect(socket.connected).toBe(true);
      jest.advanceTimersByTime(1);
      expect(socket.connected).toBe(false);
      expect(registry.countOf('alice')).toBe(0);
    });

    it('should refuse on connection a socket whose token expired while it was pending', () => {
      const socket = new FakeSocket();
      registry.admit(socket as unknown as Socket, userOf('alice', 'sid-1', 0));
      jest.advanceTimersByTime(0);
      socket.connect();
      registry.confirm(socket as unknown as Socket);
      expect(socket.connected).toBe(false);
    });
  });

  describe('ended sessions', () => {
    it('should disconnect only the sockets of the logins the event names', () => {
      const ended = open(userOf('alice', 'sid-1'));
      const kept = open(userOf('alice', 'sid-2'));
      const other = open(userOf('bob', 'sid-1'));
      sessions.ended$.next({ userId: 'alice', reason: 'logout', sessionIds: ['sid-1'] });
      expect([ended.connected, kept.connected, other.connected]).toEqual([false, true, true]);
    });

    it('should disconnect every login but the kept one', () => {
      const ended = open(userOf('alice', 'sid-1'));
      const kept = open(userOf('alice', 'sid-2'));
      sessions.ended$.next({ userId: 'alice', reason: 'password_changed', keepSessionId: 'sid-2' });
      expect([ended.connected, kept.connected]).toEqual([false, true]);
    });

    it('should disconnect every socket of a user whose every login ended', () => {
      const sockets = [open(userOf('alice', 'sid-1')), open(userOf('alice', 'sid-2'))];
      sessions.ended$.next({ userId: 'alice', reason: 'user_deleted' });
      expect(sockets.map((s) => s.connected)).toEqual([false, false]);
      expect(registry.countOf('alice')).toBe(0);
    });

    it('should refuse on connection a socket whose login ended while it was pending', () => {
      const socket = new FakeSocket();
      const user = userOf('alice', 'sid-1');
      registry.admit(socket as unknown as Socket, user);
      sessions.ended$.next({ userId: 'alice', reason: 'role_changed' });
      socket.data.user = user;
      socket.connect();
      registry.confirm(socket as unknown as Socket);
      expect(socket.disconnect).toHaveBeenCalled();
      expect(socket.connected).toBe(false);
    });

    it('should stop listening once the module is destroyed', () => {
      const socket = open(userOf('alice'));
      registry.onModuleDestroy();
      sessions.ended$.next({ userId: 'alice', reason: 'logout' });
      expect(socket.connected).toBe(true);
    });
  });
});
