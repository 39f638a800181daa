import { MessageBody, SubscribeMessage } from '@nestjs/websockets';
import { RealtimeGateway } from './realtime-gateway.decorator';

export interface MessageAck {
  status: 'received';
  data: unknown;
}

/** The default namespace's `message` event: every message is acknowledged with its data. */
@RealtimeGateway()
export class MessagesGateway {
  @SubscribeMessage('message')
  onMessage(@MessageBody() data: unknown): MessageAck {
    return { status: 'received', data: data ?? null };
  }
}
