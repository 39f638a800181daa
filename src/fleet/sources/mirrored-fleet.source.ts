import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EMPTY, interval, type Subscription } from 'rxjs';
import { Clock } from '../../common/clock/clock';
import { RedisConnection, type RedisPubSub } from '../../common/redis/redis-connection';
import { HardwareService } from '../../hardware/hardware.service';
import type { FleetSource } from '../fleet-source';
import { type RobotState, ROBOT_KINDS } from '../robot';

/** The owner sends its whole fleet this often. */
export const FLEET_MIRROR_EVERY_MS = 1000;
/** A mirrored fleet older than this is dropped: the owner is gone, or Redis is. */
export const FLEET_MIRROR_STALE_MS = 3000;
const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ROBOTS = 1000;

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
  private readonly logger = new Logger('FleetMirror');
  readonly updates$ = EMPTY;
  private pubSub?: RedisPubSub;
  private subscription?: Subscription;
  private list?: FleetList;
  private mirrored?: { robots: RobotState[]; receivedAtMs: number };

  constructor(
    private readonly redis: RedisConnection,
    private readonly hardware: HardwareService,
    private readonly clock: Clock,
  ) {}

  /** Whether this instance lists the owner's fleet rather than its own. */
  get mirrors(): boolean {
    return this.redis.enabled && !this.hardware.ownsLink;
  }

  /** On the owner: the list to send (FleetService's own sources). */
  publishFrom(list: FleetList): void {
    this.list = list;
  }

  private get channel(): string {
    return `${this.pubSub?.channelPrefix}:fleet`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const pubSub = await this.redis.openRelay();
    if (!pubSub) return;
    this.pubSub = pubSub;
    if (this.hardware.ownsLink) {
      this.subscription = interval(FLEET_MIRROR_EVERY_MS).subscribe(() => this.publish());
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

  robots(): readonly RobotState[] {
    const mirrored = this.mirrored;
    if (!mirrored || this.clock.nowMs() - mirrored.receivedAtMs > FLEET_MIRROR_STALE_MS) return [];
    return mirrored.robots;
  }

  private publish(): void {
    const robots = this.list?.();
    if (!robots || !this.pubSub) return;
    // A lost list is replaced by the next one within a second; nothing waits on it.
    this.pubSub.publisher.publish(this.channel, JSON.stringify(robots)).catch(() => undefined);
  }

  private receive(raw: Buffer): void {
    if (raw.length > MAX_MESSAGE_BYTES) return;
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      return;
    }
    if (!Array.isArray(value) || value.length > MAX_ROBOTS) return;
    const robots = value.map(toRobotState);
    if (robots.some((robot) => robot === undefined)) return;
    this.mirrored = { robots: robots as RobotState[], receivedAtMs: this.clock.nowMs() };
  }
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
  };
}
