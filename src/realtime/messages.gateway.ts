import { MessageBody, SubscribeMessage } from '@nestjs/websockets';
import { Authenticated } from '../common/decorators/auth.decorators';
import { RealtimeGateway } from './realtime-gateway.decorator';

export interface MessageAck {
  status: 'received';
  data: unknown;
}

/** The default namespace's `message` event: every message is acknowledged with its data. */
@RealtimeGateway()
@Authenticated()
export class MessagesGateway {
  @SubscribeMessage('message')
  onMessage(@MessageBody() data: unknown): MessageAck {
    return { status: 'received', data: data ?? null };
  }
}
