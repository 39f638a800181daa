import { Injectable, Logger } from '@nestjs/common';
import type { ExtendedError, Namespace, Server, Socket } from 'socket.io';
import { AppError } from '../common/errors/app-error';
import { toErrorResponse } from '../common/errors/to-error-response';
import { type SocketErrorBody, toSocketErrorBody } from '../common/filters/socket-error-body';
import { AppConfig } from '../config/app-config';
import { isHandshakeOriginAllowed, type OriginRule } from './handshake-origin';
import { SocketAuthenticator } from './socket-authenticator';
import type { SocketData } from './socket-data';
import { SocketRegistry } from './socket-registry';

/**
 * What every namespace runs before a socket connects (guards do not run on connection): the Origin,
 * then the token, then the socket's place under the per-user cap. A refusal is `connect_error`
 * with the envelope's fields in `err.data` (API.md §5), and no handler of the namespace ever runs.
 */
@Injectable()
export class SocketHandshake {
  private readonly logger = new Logger(SocketHandshake.name);
  private readonly origins: OriginRule;
  private readonly protectedNamespaces = new WeakSet<Namespace>();

  constructor(
    config: AppConfig,
    private readonly authenticator: SocketAuthenticator,
    private readonly registry: SocketRegistry,
  ) {
    this.origins = { allowed: config.http.corsOrigins, trustProxy: config.http.trustProxy };
  }

  /** The server's every namespace, `/` and each one created later, gets the checks first. */
  protect(server: Server): void {
    this.protectNamespace(server.of('/'));
    server.on('new_namespace', (namespace) => this.protectNamespace(namespace));
  }

  private protectNamespace(namespace: Namespace): void {
    if (this.protectedNamespaces.has(namespace)) return;
    this.protectedNamespaces.add(namespace);
    namespace.use(this.middleware);
    namespace.on('connection', (socket: Socket) => this.registry.confirm(socket));
  }

  private readonly middleware = (socket: Socket, next: (err?: ExtendedError) => void): void => {
    this.admit(socket).then(
      () => next(),
      (error: unknown) => next(this.refusal(error)),
    );
  };

  private async admit(socket: Socket): Promise<void> {
    if (!isHandshakeOriginAllowed(socket.handshake.headers, this.origins)) {
      throw new AppError('forbidden', 'Cross-origin socket refused: this Origin is not allowed');
    }
    const user = await this.authenticator.authenticate(socket.handshake);
    this.registry.admit(socket, user);
    (socket.data as SocketData).user = user;
  }

  private refusal(error: unknown): Error & { data: SocketErrorBody } {
    const response = toErrorResponse(error);
    if (response.statusCode >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    return Object.assign(new Error(response.message), { data: toSocketErrorBody(response) });
  }
}
