import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { interval, merge, type Subscription } from 'rxjs';
import type { Namespace } from 'socket.io';
import { AlertsService } from '../../alerts/alerts.service';
import type { AlertDto } from '../../alerts/dto/alert.dto';
import { JobEvents } from '../../arduino/jobs/job-events';
import { Clock } from '../../common/clock/clock';
import type { RobotResponseDto } from '../../fleet/dto/robot-response.dto';
import { FleetService } from '../../fleet/fleet.service';
import { RuntimeSettings } from '../../common/runtime/runtime-settings';
import { HardwareService } from '../../hardware/hardware.service';
import type { TelemetryReading } from '../../hardware/protocol/frames';
import type { CommandOutcome } from '../../rover/command-pipeline';
import { RoverService } from '../../rover/rover.service';
import { TelemetryService } from '../../telemetry/telemetry.service';
import { RedisConnection } from '../../common/redis/redis-connection';
import { type Channel, eventOf, isRobotChannel } from './channels';
import { ChunkedBroadcast } from './chunked-broadcast';
import type { ChannelMessage, CommandOutcomeData } from './events';
import { toTelemetryData } from './telemetry-data';
import { RealtimeMetrics } from './realtime-metrics';
import { TelemetryRateGate } from './telemetry-rate-gate';

/** The rover status goes out on every link or latch change, and at least this often. */
const STATUS_EVERY_MS = 1000;

type AnyMessage = ChannelMessage<string, unknown>;

/**
 * The one place that publishes to rooms (ARCHITECTURE.md). It numbers each channel's messages,
 * keeps each channel's latest for the snapshot a subscription starts with, and decides what may be
 * dropped: telemetry is volatile (a client that cannot keep up misses frames, and its `seq` shows
 * the gap); alerts, status and command results are never dropped to make room for it.
 */
@Injectable()
export class RealtimeService implements OnModuleDestroy {
  private namespace?: Namespace;
  private readonly seqs = new Map<string, number>();
  private readonly latest = new Map<string, AnyMessage>();
  private readonly subscriptions: Subscription[] = [];
  private readonly telemetryGate: TelemetryRateGate;
  /** Every socket of this namespace on this instance is in it (see ChunkedBroadcast). */
  readonly instanceRoom = `instance:${randomUUID()}`;
  private readonly telemetryBroadcast: ChunkedBroadcast;

  constructor(
    private readonly telemetry: TelemetryService,
    private readonly alerts: AlertsService,
    private readonly hardware: HardwareService,
    private readonly rover: RoverService,
    private readonly fleet: FleetService,
    private readonly jobs: JobEvents,
    private readonly metrics: RealtimeMetrics,
    private readonly settings: RuntimeSettings,
    private readonly clock: Clock,
    redis: RedisConnection,
  ) {
    this.telemetryBroadcast = new ChunkedBroadcast(this.instanceRoom, redis.enabled);
    this.telemetryGate = new TelemetryRateGate(settings.current.telemetryRateHz);
  }

  /** Called once by the gateway when its namespace exists. */
  attach(namespace: Namespace): void {
    this.namespace = namespace;
    this.subscriptions.push(
      // An admin's PATCH /api/config applies at once.
      this.settings.select('telemetryRateHz').subscribe((hz) => (this.telemetryGate.rateHz = hz)),
      this.telemetry.readings$.subscribe(({ reading, at }) => this.onReading(reading, at)),
      this.alerts.alerts$.subscribe((alert) => this.publishAlert(alert)),
      this.rover.outcomes$.subscribe((outcome) => this.publishOutcome(outcome)),
      this.fleet.updates$.subscribe((robot) => this.publishRobot(robot)),
      this.jobs.events$.subscribe((job) => this.publish('jobs', 'job', job)),
    );
    // Only the instance that owns the link speaks for the rover; through the Redis adapter its
    // status reaches every instance's clients, and a second voice would contradict it.
    if (this.hardware.ownsLink) {
      this.subscriptions.push(
        merge(this.hardware.link$, this.rover.latched$, interval(STATUS_EVERY_MS)).subscribe(() =>
          this.publish('status', 'status', this.rover.status()),
        ),
      );
    }
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((subscription) => subscription.unsubscribe());
  }

  /** Publishes on a channel: numbered, remembered for snapshots, never dropped. */
  publish<Data>(channel: Channel, type: string, data: Data): void {
    const message = this.number(channel, type, data);
    this.namespace?.to(channel).emit(eventOf(channel), message);
  }

  /**
   * What a new subscriber to `channel` gets first: its latest value, if it has one yet. For
   * `fleet` that is one message per robot, in the shape live updates have.
   */
  snapshots(channel: Channel): AnyMessage[] {
    if (channel === 'status' && !this.hardware.ownsLink) return [];
    if (channel === 'status') {
      // The status is current to the second; a snapshot does not take a number from live subscribers.
      const current =
        this.latest.get('status') ?? this.number('status', 'status', this.rover.status());
      return [{ ...current, snapshot: true }];
    }
    if (channel === 'fleet') {
      const seq = this.seqs.get('fleet') ?? 0;
      const at = this.clock.now().toISOString();
      return this.fleet
        .robots()
        .map((robot) => ({ type: 'fleet', seq, timestamp: at, data: robot, snapshot: true }));
    }
    if (isRobotChannel(channel)) {
      const robot = this.fleet.robots().find((r) => `robot:${r.id}` === channel);
      if (!robot) return [];
      const seq = this.seqs.get(channel) ?? 0;
      return [
        {
          type: 'robot',
          seq,
          timestamp: this.clock.now().toISOString(),
          data: robot,
          snapshot: true,
        },
      ];
    }
    const latest = this.latest.get(channel);
    return latest ? [{ ...latest, snapshot: true }] : [];
  }

  private publishRobot(robot: RobotResponseDto): void {
    this.publish('fleet', 'fleet', robot);
    this.publish(`robot:${robot.id}`, 'robot', robot);
  }

  private onReading(reading: TelemetryReading, at: Date): void {
    this.metrics.telemetryIn.inc();
    this.metrics.battery.set(reading.battery.percentage);
    if (!this.telemetryGate.admit(this.clock.nowMs())) return;
    const message = this.number('telemetry', 'telemetry', toTelemetryData(reading), at);
    const namespace = this.namespace;
    if (!namespace) return;
    this.telemetryBroadcast.volatile(
      namespace,
      'telemetry',
      'telemetry',
      message,
      (sent, dropped) => {
        this.metrics.telemetryOut.inc(sent);
        if (dropped > 0) this.metrics.telemetryDropped.inc(dropped);
      },
    );
  }

  private publishAlert(alert: AlertDto): void {
    this.publish('alerts', 'alert', alert);
  }

  private publishOutcome(outcome: CommandOutcome): void {
    const data: CommandOutcomeData = {
      commandId: outcome.commandId,
      type: outcome.type,
      status: outcome.status,
      username: outcome.username,
      reason: outcome.reason,
    };
    this.publish('commands', 'command', data);
  }

  private number<Data>(
    channel: Channel,
    type: string,
    data: Data,
    at: Date = this.clock.now(),
  ): ChannelMessage<string, Data> {
    const seq = (this.seqs.get(channel) ?? 0) + 1;
    this.seqs.set(channel, seq);
    const message = { type, seq, timestamp: at.toISOString(), data };
    this.latest.set(channel, message);
    return message;
  }
}
