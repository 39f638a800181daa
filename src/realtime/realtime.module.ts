import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MessagesGateway } from './messages.gateway';
import { SocketAuthMiddleware } from './socket-auth.middleware';

/** Socket.IO infrastructure; the telemetry and serial namespaces will reuse SocketAuthMiddleware. */
@Module({
  imports: [AuthModule],
  providers: [SocketAuthMiddleware, MessagesGateway],
  exports: [SocketAuthMiddleware],
})
export class RealtimeModule {}
