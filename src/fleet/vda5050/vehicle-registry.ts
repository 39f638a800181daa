import { robotId } from '../../common/robots/robot-id';
import type { RobotState, VehicleStatus } from '../robot';
import type { ConnectionMessage, StateMessage, Vda5050Header } from './vda5050-messages';
import { firstSchemaError, vda5050Validators } from './vda5050-schemas';
import { parseVehicleTopic, type TopicLayout } from './vda5050-topics';
import {
  applyState,
  copyVehicle,
  refreshOnline,
  snapshot,
  type VehicleRecord,
} from './vehicle-record';

export const DROP_REASONS = [
  'bad_topic',
  'too_large',
  'not_json',
  'schema',
  'version',
  'identity_mismatch',
  'header_id_backwards',
  'too_many_robots',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export type Subtopic = 'state' | 'connection' | 'other';

export interface VehicleRegistryOptions extends TopicLayout {
  maxRobots: number;
  maxMessageBytes: number;
  staleMs: number;
}

export type IngestOutcome =
  | {
      accepted: true;
      subtopic: 'state' | 'connection';
      robot: RobotState;
      /** The vehicle as it was before this message (null: first heard now). */
      before: VehicleStatus | null;
      /** The state message itself, for whoever waits on an action's status. */
      state?: StateMessage;
    }
  | {
      accepted: false;
      subtopic: Subtopic;
      reason: DropReason;
      detail: string;
      /** Who the topic names, when it names anyone. */
      vehicleKey?: string;
    };

export const mqttRobotId = (manufacturer: string, serialNumber: string): string =>
  robotId('mqtt', `${manufacturer}/${serialNumber}`);

/**
 * The vehicles heard over MQTT and what each last said: a pure model (no client, no timers, no
 * clock) that takes a message and answers what it did. A message changes nothing unless its topic
 * names a vehicle, it parses, it validates against the VDA 5050 schema, it is a 2.x message, its
 * payload names the vehicle its topic names, and its headerId moves on from the last one on that
 * topic. A vehicle starts a new session (its header ids start again) when it comes ONLINE, or when
 * it reports again after going stale.
 */
export class VehicleRegistry {
  private readonly vehicles = new Map<string, VehicleRecord>();
  private readonly byId = new Map<string, VehicleRecord>();

  constructor(private readonly options: VehicleRegistryOptions) {}

  get size(): number {
    return this.vehicles.size;
  }

  robots(): RobotState[] {
    return [...this.vehicles.values()].map((record) => snapshot(record));
  }

  get(id: string): RobotState | undefined {
    const record = this.byId.get(id);
    return record ? snapshot(record) : undefined;
  }

  /** The vehicle's identity, to address it (instantActions). */
  identity(id: string): { manufacturer: string; serialNumber: string } | undefined {
    const record = this.byId.get(id);
    return record
      ? { manufacturer: record.vehicle.manufacturer, serialNumber: record.vehicle.serialNumber }
      : undefined;
  }

  onlineCount(): number {
    let online = 0;
    for (const record of this.vehicles.values()) if (record.robot.online) online++;
    return online;
  }

  /**
   * The master's own session started again (it reconnected to the broker): retained messages are
   * delivered again, with the header ids already seen, and must count as news.
   */
  forgetHeaderIds(): void {
    for (const record of this.vehicles.values()) record.lastHeaderId = {};
  }

  /** Marks vehicles whose last state is older than the staleness window; answers those that changed. */
  markStale(atMs: number): RobotState[] {
    const changed: RobotState[] = [];
    for (const record of this.vehicles.values()) {
      if (record.vehicle.stale || record.lastStateAtMs === null) continue;
      if (atMs - record.lastStateAtMs < this.options.staleMs) continue;
      record.vehicle.stale = true;
      refreshOnline(record);
      changed.push(snapshot(record));
    }
    return changed;
  }

  ingest(topic: string, payload: Buffer, at: Date): IngestOutcome {
    const parsedTopic = parseVehicleTopic(this.options, topic);
    if (!parsedTopic) return dropped('other', 'bad_topic', 'not a vehicle topic of this interface');
    const { manufacturer, serialNumber } = parsedTopic;
    const vehicleKey = `${manufacturer}/${serialNumber}`;
    const subtopic: Subtopic =
      parsedTopic.subtopic === 'state' || parsedTopic.subtopic === 'connection'
        ? parsedTopic.subtopic
        : 'other';
    const drop = (reason: DropReason, detail: string): IngestOutcome =>
      dropped(subtopic, reason, detail, vehicleKey);
    if (subtopic === 'other') return drop('bad_topic', `subtopic ${parsedTopic.subtopic}`);
    if (payload.length > this.options.maxMessageBytes)
      return drop('too_large', `${payload.length} bytes`);

    let message: unknown;
    try {
      message = JSON.parse(payload.toString('utf8'));
    } catch {
      return drop('not_json', 'payload is not JSON');
    }
    const validate = subtopic === 'state' ? vda5050Validators.state : vda5050Validators.connection;
    if (!validate(message)) return drop('schema', firstSchemaError(validate));
    const header = message as Vda5050Header;
    if (!/^2\.\d+\.\d+$/.test(header.version))
      return drop('version', `version ${header.version.slice(0, 20)} is not 2.x`);
    if (header.manufacturer !== manufacturer || header.serialNumber !== serialNumber)
      return drop('identity_mismatch', 'payload names another vehicle than its topic');

    let record = this.vehicles.get(vehicleKey);
    if (!record && this.vehicles.size >= this.options.maxRobots)
      return drop('too_many_robots', `already ${this.options.maxRobots} vehicles`);
    const before = record ? copyVehicle(record.vehicle) : null;
    record ??= this.add(manufacturer, serialNumber, vehicleKey, at);

    if (subtopic === 'connection') {
      const connection = message as ConnectionMessage;
      if (!this.acceptConnectionHeader(record, connection))
        return drop('header_id_backwards', headerDetail(record, 'connection', header.headerId));
      record.vehicle.connectionState = connection.connectionState;
    } else {
      const state = message as StateMessage;
      if (!this.acceptStateHeader(record, state.headerId, at.getTime()))
        return drop('header_id_backwards', headerDetail(record, 'state', header.headerId));
      applyState(record, state);
      record.lastStateAtMs = at.getTime();
      record.vehicle.stale = false;
    }
    // A last will is the broker speaking, not the vehicle: it was last heard from before that.
    const fromBroker =
      subtopic === 'connection' &&
      (message as ConnectionMessage).connectionState === 'CONNECTIONBROKEN';
    if (!fromBroker) {
      record.lastHeardAtMs = at.getTime();
      record.robot.lastUpdated = new Date(at.getTime());
    }
    refreshOnline(record);
    return {
      accepted: true,
      subtopic,
      robot: snapshot(record),
      before,
      ...(subtopic === 'state' ? { state: message as StateMessage } : {}),
    };
  }

  private add(manufacturer: string, serialNumber: string, key: string, at: Date): VehicleRecord {
    const id = mqttRobotId(manufacturer, serialNumber);
    const vehicle: VehicleStatus = {
      manufacturer,
      serialNumber,
      connectionState: null,
      stale: false,
      driving: null,
      paused: null,
      operatingMode: null,
      errors: [],
      safetyState: null,
      position: null,
    };
    const record: VehicleRecord = {
      id,
      key,
      vehicle,
      robot: {
        id,
        name: serialNumber,
        kind: 'mqtt',
        online: false,
        battery: null,
        cpu: null,
        ram: null,
        lastUpdated: new Date(at.getTime()),
        location: null,
        link: null,
        vehicle,
      },
      lastHeaderId: {},
      lastStateAtMs: null,
      lastHeardAtMs: at.getTime(),
    };
    this.vehicles.set(key, record);
    this.byId.set(id, record);
    return record;
  }

  private acceptConnectionHeader(record: VehicleRecord, message: ConnectionMessage): boolean {
    const last = record.lastHeaderId.connection;
    // The broker delivers the last will the vehicle registered when it connected, so its headerId
    // is older than the ONLINE that followed: it is accepted whatever its number.
    if (message.connectionState === 'CONNECTIONBROKEN') {
      record.lastHeaderId.connection = Math.max(last ?? message.headerId, message.headerId);
      return true;
    }
    const newSession =
      message.connectionState === 'ONLINE' && record.vehicle.connectionState !== 'ONLINE';
    if (!newSession && last !== undefined && message.headerId <= last) return false;
    if (newSession) record.lastHeaderId = {};
    record.lastHeaderId.connection = message.headerId;
    return true;
  }

  private acceptStateHeader(record: VehicleRecord, headerId: number, atMs: number): boolean {
    const last = record.lastHeaderId.state;
    // A vehicle that restarted without a connection message starts counting again; once it has
    // been quiet for the staleness window, that is taken as a new session rather than a replay.
    const quiet =
      record.lastStateAtMs === null || atMs - record.lastStateAtMs >= this.options.staleMs;
    if (last !== undefined && headerId <= last && !quiet) return false;
    record.lastHeaderId.state = headerId;
    return true;
  }
}

function dropped(
  subtopic: Subtopic,
  reason: DropReason,
  detail: string,
  vehicleKey?: string,
): IngestOutcome {
  return { accepted: false, subtopic, reason, detail, vehicleKey };
}

function headerDetail(record: VehicleRecord, topic: 'state' | 'connection', headerId: number) {
  return `headerId ${headerId} does not follow ${record.lastHeaderId[topic]}`;
}
