import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { interval, merge } from 'rxjs';
import { Clock } from '../common/clock/clock';
import { RedisConnection } from '../common/redis/redis-connection';
import { RedisMirror } from '../common/redis/redis-mirror';
import { HardwareService } from '../hardware/hardware.service';
import type { RoverStatusDto } from './dto/rover-status.dto';
import { EmergencyStopService } from './emergency-stop.service';

/** The owner says how the rover is this often (and on every link or latch change it sees). */
export const STATUS_MIRROR_EVERY_MS = 1000;
/** A mirrored status older than this says nothing: the owner is gone or Redis is. */
export const STATUS_MIRROR_STALE_MS = 3000;

/**
 * `GET /api/rover/status` on an instance without the rover link (SERIAL_PORT=none) answers with
 * the owner's status, so that an operator there sees the rover as it is: connected, moving, and
 * latched after an e-stop passed on from here. With REDIS_URL the owner publishes its status every
 * second and on every link or latch change; the others keep the latest and drop it once it is
 * STATUS_MIRROR_STALE_MS old, when they go back to their own view (not connected).
 */
@Injectable()
export class RoverStatusMirror implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly mirror: RedisMirror<RoverStatusDto>;
  private source?: () => RoverStatusDto;

  constructor(
    private readonly redis: RedisConnection,
    private readonly hardware: HardwareService,
    private readonly estop: EmergencyStopService,
    clock: Clock,
  ) {
    this.mirror = new RedisMirror(
      {
        channel: 'rover-status',
        staleMs: STATUS_MIRROR_STALE_MS,
        maxBytes: 8192,
        parse: (value) => (isRoverStatus(value) ? value : undefined),
      },
      clock,
      new Logger('RoverStatusMirror'),
    );
  }

  /** On the owner: where its status comes from (RoverService, which also reads this mirror). */
  publishFrom(source: () => RoverStatusDto): void {
    this.source = source;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.hardware.ownsLink) return this.mirror.follow(this.redis);
    await this.mirror.publish(this.redis, {
      value: () => this.source?.(),
      when: merge(this.hardware.link$, this.estop.latched$, interval(STATUS_MIRROR_EVERY_MS)),
    });
  }

  onModuleDestroy(): void {
    this.mirror.stop();
  }

  /** The owner's status, if one arrived recently enough to stand for the rover now. */
  get latest(): RoverStatusDto | undefined {
    return this.mirror.latest;
  }
}

function isRoverStatus(value: unknown): value is RoverStatusDto {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const status = value as Record<string, unknown>;
  return typeof status.connected === 'boolean' && typeof status.emergency_stop === 'boolean';
}
