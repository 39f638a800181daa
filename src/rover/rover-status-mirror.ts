import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { interval, merge, type Subscription } from 'rxjs';
import { Clock } from '../common/clock/clock';
import { RedisConnection, type RedisPubSub } from '../common/redis/redis-connection';
import { HardwareService } from '../hardware/hardware.service';
import type { RoverStatusDto } from './dto/rover-status.dto';
import { EmergencyStopService } from './emergency-stop.service';

/** The owner says how the rover is this often (and on every link or latch change it sees). */
export const STATUS_MIRROR_EVERY_MS = 1000;
/** A mirrored status older than this says nothing: the owner is gone or Redis is. */
export const STATUS_MIRROR_STALE_MS = 3000;
const MAX_MESSAGE_BYTES = 8192;

/**
 * `GET /api/rover/status` on an instance without the rover link (SERIAL_PORT=none) answers with
 * the owner's status, so that an operator there sees the rover as it is: connected, moving, and
 * latched after an e-stop passed on from here. With REDIS_URL the owner publishes its status every
 * second; the others keep the latest and drop it once it is STATUS_MIRROR_STALE_MS old, when they
 * go back to their own view (not connected).
 */
@Injectable()
export class RoverStatusMirror implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RoverStatusMirror');
  private pubSub?: RedisPubSub;
  private subscription?: Subscription;
  private source?: () => RoverStatusDto;
  private mirrored?: { status: RoverStatusDto; receivedAtMs: number };

  constructor(
    private readonly redis: RedisConnection,
    private readonly hardware: HardwareService,
    private readonly estop: EmergencyStopService,
    private readonly clock: Clock,
  ) {}

  /** On the owner: where its status comes from (RoverService, which also reads this mirror). */
  publishFrom(source: () => RoverStatusDto): void {
    this.source = source;
  }

  private get channel(): string {
    return `${this.pubSub?.channelPrefix}:rover-status`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const pubSub = await this.redis.openRelay();
    if (!pubSub) return;
    this.pubSub = pubSub;
    if (this.hardware.ownsLink) {
      this.subscription = merge(
        this.hardware.link$,
        this.estop.latched$,
        interval(STATUS_MIRROR_EVERY_MS),
      ).subscribe(() => this.publish());
      return;
    }
    pubSub.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      if (channel.toString() === this.channel) this.receive(message);
    });
    pubSub.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`cannot subscribe to ${this.channel} (${error.message})`);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** The owner's status, if one arrived recently enough to stand for the rover now. */
  get latest(): RoverStatusDto | undefined {
    const mirrored = this.mirrored;
    if (!mirrored || this.clock.nowMs() - mirrored.receivedAtMs > STATUS_MIRROR_STALE_MS)
      return undefined;
    return mirrored.status;
  }

  /** The owner's status to the others; on latch changes too, so a forwarded stop shows at once. */
  private publish(): void {
    const status = this.source?.();
    if (!status || !this.pubSub) return;
    // A lost status is replaced by the next one within a second; nothing waits on it.
    this.pubSub.publisher.publish(this.channel, JSON.stringify(status)).catch(() => undefined);
  }

  private receive(raw: Buffer): void {
    if (raw.length > MAX_MESSAGE_BYTES) return;
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      return;
    }
    if (!isRoverStatus(value)) return;
    this.mirrored = { status: value, receivedAtMs: this.clock.nowMs() };
  }
}

function isRoverStatus(value: unknown): value is RoverStatusDto {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const status = value as Record<string, unknown>;
  return typeof status.connected === 'boolean' && typeof status.emergency_stop === 'boolean';
}
