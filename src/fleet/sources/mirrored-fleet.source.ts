import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EMPTY, interval } from 'rxjs';
import { Clock } from '../../common/clock/clock';
import { RedisConnection } from '../../common/redis/redis-connection';
import { RedisMirror } from '../../common/redis/redis-mirror';
import { HardwareService } from '../../hardware/hardware.service';
import type { FleetSource } from '../fleet-source';
import { type RobotState, ROBOT_KINDS } from '../robot';

/** The owner sends its whole fleet this often. */
export const FLEET_MIRROR_EVERY_MS = 1000;
/** A mirrored fleet older than this is dropped: the owner is gone, or Redis is. */
export const FLEET_MIRROR_STALE_MS = 3000;
/** The simulator's 1,000 and MQTT's vehicles (FLEET_MQTT_MAX_ROBOTS) together, bounded. */
const MAX_ROBOTS = 20_000;

/** Where the owner's fleet list comes from (its own sources, merged). */
export type FleetList = () => readonly RobotState[];

/**
 * The fleet across instances (REDIS_URL): the instance that owns the rover link runs the
 * simulator and speaks for the rover, and sends its whole fleet list through Redis every second;
 * every other instance lists that (GET /api/robots, snapshots) instead of simulating robots of its
 * own with the same ids. Live updates need nothing from here: the owner's broadcasts reach every
 * instance's clients through the Socket.IO adapter, so this source emits none (a second voice
 * would repeat each one).
 */
@Injectable()
export class MirroredFleetSource implements FleetSource, OnApplicationBootstrap, OnModuleDestroy {
  readonly updates$ = EMPTY;
  private readonly mirror: RedisMirror<RobotState[]>;
  private list?: FleetList;

  constructor(
    private readonly redis: RedisConnection,
    private readonly hardware: HardwareService,
    clock: Clock,
  ) {
    this.mirror = new RedisMirror(
      {
        channel: 'fleet',
        staleMs: FLEET_MIRROR_STALE_MS,
        maxBytes: 32 * 1024 * 1024,
        parse: toRobots,
      },
      clock,
      new Logger('FleetMirror'),
    );
  }

  /** Whether this instance lists the owner's fleet rather than its own. */
  get mirrors(): boolean {
    return this.redis.enabled && !this.hardware.ownsLink;
  }

  /** On the owner: the list to send (FleetService's own sources). */
  publishFrom(list: FleetList): void {
    this.list = list;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.hardware.ownsLink) return this.mirror.follow(this.redis);
    await this.mirror.publish(this.redis, {
      value: () => this.list?.().slice(),
      when: interval(FLEET_MIRROR_EVERY_MS),
    });
  }

  onModuleDestroy(): void {
    this.mirror.stop();
  }

  robots(): readonly RobotState[] {
    return this.mirror.latest ?? [];
  }
}

function toRobots(value: unknown): RobotState[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_ROBOTS) return undefined;
  const robots = value.map(toRobotState);
  return robots.every((robot) => robot !== undefined) ? robots : undefined;
}

const isNumberOrNull = (value: unknown): value is number | null =>
  value === null || (typeof value === 'number' && Number.isFinite(value));

/** A robot as JSON carries it (dates as ISO strings), checked field by field. */
function toRobotState(value: unknown): RobotState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.name !== 'string' || typeof r.online !== 'boolean')
    return undefined;
  if (!ROBOT_KINDS.includes(r.kind as RobotState['kind'])) return undefined;
  if (!isNumberOrNull(r.battery) || !isNumberOrNull(r.cpu) || !isNumberOrNull(r.ram))
    return undefined;
  if (r.lastUpdated !== null && typeof r.lastUpdated !== 'string') return undefined;
  const lastUpdated = r.lastUpdated === null ? null : new Date(r.lastUpdated);
  if (lastUpdated && Number.isNaN(lastUpdated.getTime())) return undefined;
  const location = r.location as RobotState['location'] | undefined;
  if (
    location !== null &&
    (typeof location !== 'object' ||
      typeof location?.lat !== 'number' ||
      typeof location.lng !== 'number')
  )
    return undefined;
  const link = r.link as RobotState['link'] | undefined;
  if (link !== null && (typeof link !== 'object' || typeof link?.state !== 'string'))
    return undefined;
  const vehicle = r.vehicle as RobotState['vehicle'];
  if (vehicle !== undefined && vehicle !== null && !isVehicleStatus(vehicle)) return undefined;
  if (r.paused !== undefined && typeof r.paused !== 'boolean') return undefined;
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as RobotState['kind'],
    online: r.online,
    battery: r.battery,
    cpu: r.cpu,
    ram: r.ram,
    lastUpdated,
    location,
    link,
    vehicle: vehicle ?? null,
    paused: r.paused,
  };
}

/** The owner built it from validated messages; this checks only that it is the right shape. */
function isVehicleStatus(value: unknown): value is NonNullable<RobotState['vehicle']> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.manufacturer === 'string' &&
    typeof v.serialNumber === 'string' &&
    typeof v.stale === 'boolean' &&
    Array.isArray(v.errors) &&
    (v.connectionState === null || typeof v.connectionState === 'string')
  );
}
