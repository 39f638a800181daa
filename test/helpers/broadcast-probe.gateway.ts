import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketServer,
} from '@nestjs/websockets';
import { IsString, MaxLength } from 'class-validator';
import type { Namespace, Socket } from 'socket.io';
import { Authenticated } from '../../src/common/decorators/auth.decorators';
import { RealtimeGateway } from '../../src/realtime/realtime-gateway.decorator';

export const BROADCAST_PROBE_NAMESPACE = '/broadcast-probe';

export class JoinRoomDto {
  @IsString()
  @MaxLength(40)
  room!: string;
}

/**
 * A namespace whose server a test can reach (`app.get(BroadcastProbeGateway).namespace`), to
 * broadcast on one instance and watch for it on another, to everyone or to one room.
 */
@RealtimeGateway({ namespace: BROADCAST_PROBE_NAMESPACE })
@Authenticated()
export class BroadcastProbeGateway {
  @WebSocketServer()
  namespace!: Namespace;

  @SubscribeMessage('join')
  async join(
    @ConnectedSocket() socket: Socket,
    @MessageBody() dto: JoinRoomDto,
  ): Promise<{ joined: string }> {
    await socket.join(dto.room);
    return { joined: dto.room };
  }
}
