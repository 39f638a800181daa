import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { Socket } from 'socket.io';
import type { AuthenticatedUser } from '../common/access/authenticated-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { endsSession, SessionEvents, type SessionsEnded } from '../common/sessions/session-events';
import { AppConfig } from '../config/app-config';

/**
 * A socket admitted by the handshake normally connects on the next tick. One that has not after
 * this long was refused by a later middleware or abandoned, and gives its place back.
 */
const PENDING_CONNECT_MS = 10_000;
/** setTimeout's ceiling (about 24.8 days); a longer-lived token is cut at it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface OpenSocket {
  readonly socket: Socket;
  readonly userId: string;
  readonly sessionId: string;
  readonly expiry: NodeJS.Timeout;
  pending?: NodeJS.Timeout;
  readonly release: () => void;
}

/**
 * The one place that knows which sockets are open, on every namespace, per user and login. It caps
 * sockets per user, disconnects a socket when its token expires, and disconnects the sockets of a
 * login that ended (logout, revoked refresh family, password or role change, deleted user).
 */
@Injectable()
export class SocketRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly sockets = new Map<Socket, OpenSocket>();
  private readonly byUser = new Map<string, Set<OpenSocket>>();
  private readonly maxPerUser: number;
  private subscription?: Subscription;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionEvents,
  ) {
    this.maxPerUser = config.realtime.maxSocketsPerUser;
  }

  onModuleInit(): void {
    this.subscription = this.sessions.ended$.subscribe((event) => this.endSessions(event));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    for (const entry of [...this.sockets.values()]) entry.release();
  }

  /**
   * Takes a place for an authenticated handshake, or refuses it at the cap. Check and insert are
   * synchronous, so concurrent handshakes of one user cannot both take the last place.
   */
  admit(socket: Socket, user: AuthenticatedUser): void {
    const open = this.byUser.get(user.id) ?? new Set<OpenSocket>();
    if (open.size >= this.maxPerUser) {
      throw new AppError(
        'rate_limited',
        `Too many open sockets: at most ${this.maxPerUser} per user; close one first`,
      );
    }
    const msLeft = user.tokenExpiresAt * 1000 - this.clock.nowMs();
    const entry: OpenSocket = {
      socket,
      userId: user.id,
      sessionId: user.sessionId,
      expiry: unref(setTimeout(() => this.end(entry), clamp(msLeft))),
      pending: unref(
        setTimeout(() => {
          if (!socket.connected) entry.release();
        }, PENDING_CONNECT_MS),
      ),
      release: () => this.release(entry),
    };
    open.add(entry);
    this.byUser.set(user.id, open);
    this.sockets.set(socket, entry);
    socket.once('disconnect', entry.release);
    // The client may go away before the namespace connect completes: no `disconnect` then.
    socket.conn.once('close', entry.release);
  }

  /**
   * On the namespace's `connection`. A socket whose place was given back while it was pending
   * (its token expired, its login ended, it waited too long) must not stay connected untracked.
   */
  confirm(socket: Socket): void {
    const entry = this.sockets.get(socket);
    if (!entry) {
      socket.disconnect();
      return;
    }
    clearTimeout(entry.pending);
    entry.pending = undefined;
  }

  countOf(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  private endSessions(event: SessionsEnded): void {
    const open = this.byUser.get(event.userId);
    if (!open) return;
    // Collected first: each disconnect removes its entry from the set being read.
    const ended = [...open].filter((e) => endsSession(event, e.userId, e.sessionId));
    for (const entry of ended) this.end(entry);
  }

  /** Only this namespace's socket: one connection may multiplex sockets of other logins. */
  private end(entry: OpenSocket): void {
    if (entry.socket.connected) entry.socket.disconnect();
    else entry.release(); // still pending: confirm() will then refuse it
  }

  private release(entry: OpenSocket): void {
    if (this.sockets.get(entry.socket) !== entry) return;
    this.sockets.delete(entry.socket);
    clearTimeout(entry.expiry);
    clearTimeout(entry.pending);
    entry.socket.off('disconnect', entry.release);
    entry.socket.conn.off('close', entry.release);
    const open = this.byUser.get(entry.userId);
    open?.delete(entry);
    if (open?.size === 0) this.byUser.delete(entry.userId);
  }
}

function clamp(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}

function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}
