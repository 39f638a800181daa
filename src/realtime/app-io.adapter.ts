import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { RedisConnection } from '../common/redis/redis-connection';
import { SocketHandshake } from './socket-handshake';

export interface RealtimeOptions {
  corsOrigins: readonly string[];
}

/**
 * Control messages are small; larger frames disconnect the sender before parsing. Big enough that
 * a malformed but parseable request (10,000 channel names) is answered with a validation error
 * rather than a dropped connection; a 2 MB frame is cut off.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 512 * 1024;

/**
 * The one Socket.IO server. The handshake checks (Origin, token, sockets per user) are installed
 * here on every namespace, so a gateway cannot forget them. The Origin is checked there too rather
 * than in engine.io's `allowRequest`: a refusal at that level is a bare HTTP 403 or a dropped
 * upgrade, which reaches the client as "websocket error" without the envelope API.md §5 promises,
 * and an engine connection that never joins a namespace can do nothing but be closed at
 * `connectTimeout`.
 */
export class AppIoAdapter extends IoAdapter {
  private redisAdapter?: ReturnType<typeof createAdapter>;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly options: RealtimeOptions,
  ) {
    super(app);
  }

  /**
   * With REDIS_URL, every namespace's broadcasts also go through Redis, so clients connected to any
   * instance get them. Call before useWebSocketAdapter: the server is created during app.init and
   * must have the adapter from its first namespace on. Waits a moment for the connections and goes
   * on without them if Redis is down: broadcasts then reach this instance's clients only (the
   * adapter still delivers locally), and reach the others again once Redis is back, no restart.
   * Without REDIS_URL this does nothing and the in-memory adapter stays.
   */
  async connectToRedis(): Promise<void> {
    const pubSub = await this.app.get(RedisConnection).openPubSub();
    if (!pubSub) return;
    this.redisAdapter = createAdapter(pubSub.publisher, pubSub.subscriber, {
      key: pubSub.channelPrefix,
      publishOnSpecificResponseChannel: true,
    });
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server = super.createIOServer(port, {
      ...options,
      path: options?.path ?? '/socket.io',
      serveClient: false,
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      cors: { origin: this.options.corsOrigins.length > 0 ? [...this.options.corsOrigins] : false },
      ...(this.redisAdapter ? { adapter: this.redisAdapter } : {}),
    } as ServerOptions);
    this.app.get(SocketHandshake).protect(server);
    return server;
  }
}
