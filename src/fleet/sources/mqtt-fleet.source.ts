import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';
import { Clock } from '../../common/clock/clock';
import { RedisConnection } from '../../common/redis/redis-connection';
import { AppConfig } from '../../config/app-config';
import { HardwareService } from '../../hardware/hardware.service';
import type { FleetSource } from '../fleet-source';
import type { RobotState } from '../robot';
import { FleetMqttConnection } from '../vda5050/fleet-mqtt.connection';
import { FleetMqttMetrics } from '../vda5050/fleet-mqtt.metrics';
import { VehicleAlerts } from '../vda5050/vehicle-alerts';
import { type ActionWaiter, VehicleActionWaiters } from '../vda5050/vehicle-action-waiters';
import type { InstantActionsMessage } from '../vda5050/vda5050-messages';
import { VDA5050_VERSION } from '../vda5050/vda5050-messages';
import { vehicleTopic } from '../vda5050/vda5050-topics';
import { type IngestOutcome, VehicleRegistry } from '../vda5050/vehicle-registry';

const STALE_CHECK_EVERY_MS = 1000;
/** Bounds the "logged once per vehicle and topic" memory against a flood of made-up serials. */
const MAX_LOGGED_KEYS = 10_000;

export interface VehicleStopOutcome {
  actionId: string;
  /** What the vehicle last reported for the action; TIMEOUT when it reported no end in time. */
  status: 'FINISHED' | 'FAILED' | 'TIMEOUT';
  lastStatus: string | null;
  resultDescription: string | null;
}

/**
 * Robots over MQTT (FLEET_MQTT_URL) as a fleet source. Every instance with the variable keeps
 * the registry, so any of them can send a stop and hear the answer; only the instance that speaks
 * for the fleet (the rover link's owner) broadcasts updates and raises alerts, so that two
 * instances do not say everything twice.
 */
@Injectable()
export class MqttFleetSource implements FleetSource, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FleetMqtt');
  private readonly registry: VehicleRegistry;
  private readonly waiters = new VehicleActionWaiters();
  private readonly logged = new Set<string>();
  private readonly subscriptions: Subscription[] = [];
  private readonly headerIds = new Map<string, number>();
  private readonly stopTimeoutMs: number;
  private staleTimer?: NodeJS.Timeout;
  readonly updates$ = new Subject<RobotState>();

  constructor(
    config: AppConfig,
    private readonly connection: FleetMqttConnection,
    private readonly metrics: FleetMqttMetrics,
    private readonly alerts: VehicleAlerts,
    private readonly hardware: HardwareService,
    private readonly redis: RedisConnection,
    private readonly clock: Clock,
  ) {
    const mqtt = config.fleet.mqtt;
    this.stopTimeoutMs = mqtt?.stopTimeoutMs ?? 3000;
    this.registry = new VehicleRegistry({
      ...connection.layout,
      maxRobots: mqtt?.maxRobots ?? 0,
      maxMessageBytes: mqtt?.maxMessageBytes ?? 0,
      staleMs: mqtt?.staleMs ?? 30_000,
    });
  }

  get enabled(): boolean {
    return this.connection.enabled;
  }

  /**
   * Whether this instance broadcasts and alerts for the fleet (see the class comment): the owner
   * of the rover link, or any instance when there is no Redis to share one voice through.
   */
  private get speaks(): boolean {
    return this.hardware.ownsLink || !this.redis.enabled;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.subscriptions.push(
      this.connection.messages$.subscribe(({ topic, payload, retained }) => {
        // Whatever a vehicle sends, the service keeps running: a throw here would end up as an
        // uncaught exception (RxJS rethrows a subscriber's errors asynchronously).
        try {
          this.onMessage(this.registry.ingest(topic, payload, this.clock.now()), retained);
        } catch (error) {
          this.logger.error(
            {
              topic: topic.slice(0, 200),
              error: error instanceof Error ? error.message : String(error),
            },
            'VDA 5050 message handling failed',
          );
        }
      }),
      this.connection.sessions$.subscribe(() => this.registry.forgetHeaderIds()),
    );
    this.staleTimer = setInterval(() => this.checkStale(), STALE_CHECK_EVERY_MS);
    this.staleTimer.unref();
  }

  onApplicationShutdown(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    clearInterval(this.staleTimer);
    this.waiters.cancelAll();
    this.updates$.complete();
  }

  robots(): readonly RobotState[] {
    return this.registry.robots();
  }

  has(robotId: string): boolean {
    return this.registry.identity(robotId) !== undefined;
  }

  /** For /health. */
  counts(): { robots: number; online: number } {
    return { robots: this.registry.size, online: this.registry.onlineCount() };
  }

  /**
   * Sends the vehicle an `instantActions` with one `stopPause` and waits for its `state` to report
   * the action FINISHED or FAILED. The waiter is in place before the message leaves, so an answer
   * that comes back at once is not missed.
   */
  async stop(robotId: string): Promise<VehicleStopOutcome> {
    const identity = this.registry.identity(robotId);
    if (!identity) throw new Error(`unknown vehicle ${robotId}`);
    const actionId = randomUUID();
    const waiter: ActionWaiter = this.waiters.add(robotId, actionId, this.stopTimeoutMs);
    const message: InstantActionsMessage = {
      headerId: this.nextHeaderId(robotId),
      timestamp: this.clock.now().toISOString(),
      version: VDA5050_VERSION,
      manufacturer: identity.manufacturer,
      serialNumber: identity.serialNumber,
      actions: [
        {
          actionType: 'stopPause',
          actionId,
          blockingType: 'HARD',
          actionDescription: 'Stop requested from Rover Mission Control',
          actionParameters: [],
        },
      ],
    };
    const published = this.connection.publish(
      vehicleTopic(this.connection.layout, identity, 'instantActions'),
      JSON.stringify(message),
      0,
    );
    try {
      // The answer is bounded by the stop timeout even if the write itself never settles.
      await Promise.race([published, waiter.result]);
    } catch (error) {
      this.waiters.cancel(robotId, actionId);
      throw error;
    }
    const result = await waiter.result;
    return {
      actionId,
      status: result.ended ?? 'TIMEOUT',
      lastStatus: result.lastStatus,
      resultDescription: result.resultDescription,
    };
  }

  /**
   * The standard asks for headerIds that increase by one per message on a topic. They start from
   * the clock's seconds rather than 0, so a vehicle that drops repeats is not deaf to this
   * service's stops after a restart.
   */
  private nextHeaderId(robotId: string): number {
    const next = (this.headerIds.get(robotId) ?? Math.floor(this.clock.now().getTime() / 1000)) + 1;
    this.headerIds.set(robotId, next);
    return next;
  }

  private onMessage(outcome: IngestOutcome, retained: boolean): void {
    this.metrics.received(outcome.subtopic);
    if (!outcome.accepted) {
      this.metrics.dropped(outcome.subtopic, outcome.reason);
      this.logOnce(outcome.vehicleKey ?? '(no vehicle)', outcome.subtopic, outcome);
      return;
    }
    if (outcome.state) this.waiters.observe(outcome.robot.id, outcome.state.actionStates);
    if (!this.speaks) return;
    // A retained message about a vehicle this instance did not know is history (a last will the
    // broker kept from before it started): shown, but not alerted again on every restart. One
    // about a known vehicle is news missed while the connection was down, and is alerted.
    if (!(retained && outcome.before === null)) this.alerts.check(outcome.before, outcome.robot);
    this.updates$.next(outcome.robot);
  }

  private logOnce(vehicleKey: string, subtopic: string, outcome: IngestOutcome): void {
    if (outcome.accepted) return;
    const key = `${vehicleKey}|${subtopic}`;
    if (this.logged.has(key)) return;
    if (this.logged.size >= MAX_LOGGED_KEYS) return;
    this.logged.add(key);
    this.logger.warn(
      { vehicle: vehicleKey, topic: subtopic, reason: outcome.reason, detail: outcome.detail },
      'Dropped an invalid VDA 5050 message (further ones from this vehicle and topic are only counted)',
    );
  }

  private checkStale(): void {
    const changed = this.registry.markStale(this.clock.now().getTime());
    const online = this.registry.onlineCount();
    this.metrics.robots.set({ state: 'online' }, online);
    this.metrics.robots.set({ state: 'offline' }, this.registry.size - online);
    if (!this.speaks) return;
    for (const robot of changed) this.updates$.next(robot);
  }
}
