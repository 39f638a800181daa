import { type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
} from '@nestjs/websockets';
import { SkipThrottle } from '@nestjs/throttler';
import type { Namespace, Socket } from 'socket.io';
import { Clock } from '../../common/clock/clock';
import { Authenticated } from '../../common/decorators/auth.decorators';
import { AppError } from '../../common/errors/app-error';
import { RoverService } from '../../rover/rover.service';
import { RealtimeGateway } from '../realtime-gateway.decorator';
import type { SocketData } from '../socket-data';
import { type Channel, eventOf } from './channels';
import { SocketCommandDto } from './dto/command.dto';
import { SubscriptionDto } from './dto/subscription.dto';
import type { PongAck, SubscriptionAck } from './events';
import { InboundLimiter } from './inbound-limiter';
import { RealtimeMetrics } from './realtime-metrics';
import { RealtimeService } from './realtime.service';
import { disconnectStalledSockets } from './slow-client.monitor';
import { SocketCommands } from './socket-commands';

/** Inbound events per socket: sustained rate and burst (a console heartbeats at a few Hz). */
const INBOUND_PER_SECOND = 20;
const INBOUND_BURST = 40;
const MONITOR_EVERY_MS = 1000;

interface TelemetrySocketData extends SocketData {
  inbound?: InboundLimiter;
}

/**
 * `/telemetry` (API.md §5): translates socket events to service calls and back, nothing more.
 * Authentication, the Origin and the socket cap are the handshake's (every namespace gets it);
 * each event here is limited per socket rather than against the caller's REST budget, which a
 * heartbeating console would exhaust in seconds.
 */
@RealtimeGateway({ namespace: '/telemetry' })
@Authenticated()
@SkipThrottle()
export class TelemetryGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private monitor?: NodeJS.Timeout;

  constructor(
    private readonly realtime: RealtimeService,
    private readonly rover: RoverService,
    private readonly commands: SocketCommands,
    private readonly metrics: RealtimeMetrics,
    private readonly clock: Clock,
  ) {}

  afterInit(namespace: Namespace): void {
    this.realtime.attach(namespace);
    this.monitor = setInterval(() => {
      disconnectStalledSockets(namespace, () => this.metrics.slowClientsDisconnected.inc());
      this.metrics.sockets.set({ namespace: '/telemetry' }, namespace.sockets.size);
      this.metrics.sockets.set({ namespace: '/' }, namespace.server.of('/').sockets.size);
    }, MONITOR_EVERY_MS);
    this.monitor.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.monitor);
  }

  handleConnection(socket: Socket): void {
    void socket.join(this.realtime.instanceRoom);
    (socket.data as TelemetrySocketData).inbound = new InboundLimiter(
      INBOUND_PER_SECOND,
      INBOUND_BURST,
      this.clock.nowMs(),
    );
  }

  @SubscribeMessage('subscribe')
  subscribe(
    @ConnectedSocket() socket: Socket,
    @MessageBody() dto: SubscriptionDto,
  ): SubscriptionAck {
    this.admit(socket);
    const channels = unique(dto.channels);
    for (const channel of channels) {
      void socket.join(channel);
      for (const snapshot of this.realtime.snapshots(channel))
        socket.emit(eventOf(channel), snapshot);
    }
    return { type: 'subscription_confirmed', channels };
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(
    @ConnectedSocket() socket: Socket,
    @MessageBody() dto: SubscriptionDto,
  ): SubscriptionAck {
    this.admit(socket);
    const channels = unique(dto.channels);
    for (const channel of channels) void socket.leave(channel);
    return { type: 'unsubscription_confirmed', channels };
  }

  /** Renews the deadman lease when the caller holds it (they drive); anyone gets a pong. */
  @SubscribeMessage('heartbeat')
  heartbeat(@ConnectedSocket() socket: Socket): PongAck {
    this.admit(socket);
    const { active, expiresInMs } = this.rover.heartbeat(userOf(socket));
    return {
      type: 'pong',
      timestamp: this.clock.now().toISOString(),
      lease: { active, expiresInMs },
    };
  }

  @SubscribeMessage('command')
  command(
    @ConnectedSocket() socket: Socket,
    @MessageBody() dto: SocketCommandDto,
  ): Promise<object> {
    // The e-stop skips every limit, on sockets as on HTTP.
    if (dto.action !== 'stop') this.admit(socket);
    return this.commands.run(userOf(socket), dto);
  }

  private admit(socket: Socket): void {
    const limiter = (socket.data as TelemetrySocketData).inbound;
    if (limiter && !limiter.take(this.clock.nowMs())) {
      throw new AppError('rate_limited', 'Too many events on this socket; slow down', undefined, {
        'Retry-After': String(limiter.retryAfterSeconds()),
      });
    }
  }
}

function userOf(socket: Socket) {
  return (socket.data as SocketData).user;
}

function unique(channels: Channel[]): Channel[] {
  return [...new Set(channels)];
}
