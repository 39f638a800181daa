import { UseFilters } from '@nestjs/common';
import {
  MessageBody,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { AllExceptionsFilter } from '../common/filters/all-exceptions.filter';
import { SocketAuthMiddleware } from './socket-auth.middleware';

export interface MessageAck {
  status: 'received';
  data: unknown;
}

/** Seed 000's real-time channel on the default namespace: every `message` is acknowledged with its data. */
@UseFilters(AllExceptionsFilter)
@WebSocketGateway()
export class MessagesGateway implements OnGatewayInit {
  constructor(private readonly socketAuth: SocketAuthMiddleware) {}

  afterInit(server: Server): void {
    server.use(this.socketAuth.handle);
  }

  @SubscribeMessage('message')
  onMessage(@MessageBody() data: unknown): MessageAck {
    return { status: 'received', data: data ?? null };
  }
}
