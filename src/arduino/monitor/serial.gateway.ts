import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayDisconnect,
  SubscribeMessage,
} from '@nestjs/websockets';
import { SkipThrottle } from '@nestjs/throttler';
import type { Socket } from 'socket.io';
import { Authenticated, RequireScopes } from '../../common/decorators/auth.decorators';
import { RealtimeGateway } from '../../realtime/realtime-gateway.decorator';
import { socketBacklog } from '../../realtime/telemetry/slow-client.monitor';
import { MonitorOpenDto, MonitorWriteDto } from './monitor.dto';
import { SerialMonitor } from './serial-monitor';

/**
 * `/serial` (API.md §7): a board's serial monitor. Authenticated at the handshake like
 * `/telemetry`; reading needs `rover:view`, writing `arduino:upload`. Output arrives as `data`
 * events, state changes (opened, paused for an upload, resumed, closed) as `status` events.
 */
@RealtimeGateway({ namespace: '/serial' })
@Authenticated()
@SkipThrottle()
export class SerialGateway implements OnGatewayDisconnect {
  constructor(private readonly monitor: SerialMonitor) {}

  @SubscribeMessage('open')
  @RequireScopes('rover:view')
  async open(
    @ConnectedSocket() socket: Socket,
    @MessageBody() dto: MonitorOpenDto,
  ): Promise<{ type: 'opened'; port: string }> {
    await this.monitor.open(socket.id, dto, {
      data: (message) => socket.emit('data', message),
      status: (message) => socket.emit('status', message),
      backlog: () => socketBacklog(socket).queued,
    });
    return { type: 'opened', port: dto.port };
  }

  @SubscribeMessage('write')
  @RequireScopes('arduino:upload')
  async write(
    @ConnectedSocket() socket: Socket,
    @MessageBody() dto: MonitorWriteDto,
  ): Promise<{ type: 'written'; bytes: number }> {
    return { type: 'written', bytes: await this.monitor.write(socket.id, dto.data) };
  }

  @SubscribeMessage('close')
  @RequireScopes('rover:view')
  async close(@ConnectedSocket() socket: Socket): Promise<{ type: 'closed' }> {
    await this.monitor.close(socket.id);
    return { type: 'closed' };
  }

  handleDisconnect(socket: Socket): void {
    void this.monitor.close(socket.id, 'disconnected');
  }
}
