import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MessagesGateway } from './messages.gateway';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketHandshake } from './socket-handshake';
import { SocketRegistry } from './socket-registry';

/**
 * Socket.IO infrastructure. A new namespace needs only a @RealtimeGateway class: AppIoAdapter
 * applies SocketHandshake to it, and the global guards (rate limits) and pipes run on its events.
 */
@Module({
  imports: [AuthModule],
  providers: [SocketAuthenticator, SocketRegistry, SocketHandshake, MessagesGateway],
  exports: [SocketRegistry],
})
export class RealtimeModule {}
