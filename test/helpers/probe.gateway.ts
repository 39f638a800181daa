import { ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';
import { IsString, MaxLength } from 'class-validator';
import type { Socket } from 'socket.io';
import { Authenticated } from '../../src/common/decorators/auth.decorators';
import { AppError } from '../../src/common/errors/app-error';
import { ControlRateLimit } from '../../src/common/throttling/control-rate-limit.decorator';
import { RealtimeGateway } from '../../src/realtime/realtime-gateway.decorator';
import type { SocketData } from '../../src/realtime/socket-data';

export const PROBE_NAMESPACE = '/probe';

export class ProbeEchoDto {
  @IsString()
  @MaxLength(8)
  text!: string;
}

/**
 * A namespace of its own, declared the way the telemetry and serial gateways will be, so that a
 * test can prove what a new namespace gets without any code of its own: the handshake checks, the
 * per-user limits, and errors acknowledged in the envelope.
 */
@RealtimeGateway({ namespace: PROBE_NAMESPACE })
@Authenticated()
export class ProbeGateway {
  @SubscribeMessage('echo')
  echo(@MessageBody() dto: ProbeEchoDto): { text: string } {
    return { text: dto.text };
  }

  @SubscribeMessage('whoami')
  whoami(@ConnectedSocket() socket: Socket): { address: string; userId: string } {
    return { address: socket.handshake.address, userId: (socket.data as SocketData).user.id };
  }

  @SubscribeMessage('conflict')
  conflict(): never {
    throw new AppError('conflict', 'The probe is in conflict');
  }

  @SubscribeMessage('crash')
  crash(): never {
    throw new Error('SQLITE_CORRUPT at /var/lib/rover/secret.db');
  }

  @ControlRateLimit()
  @SubscribeMessage('drive')
  drive(): { driven: true } {
    return { driven: true };
  }
}
