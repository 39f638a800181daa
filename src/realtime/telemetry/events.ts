import type { AlertDto } from '../../alerts/dto/alert.dto';
import type { RoverStatusDto } from '../../rover/dto/rover-status.dto';
import type { Channel } from './channels';

/**
 * The typed event map of the `/telemetry` namespace: what the server emits, what a client may send
 * and what each is acknowledged with. The gateway is written against it, and the AsyncAPI document
 * at /docs/websocket is generated from the same names.
 */

/** Every message on a channel: its type, the channel's own increasing sequence number, and data. */
export interface ChannelMessage<Type extends string, Data> {
  type: Type;
  seq: number;
  timestamp: string;
  data: Data;
  /** Present, and true, on the snapshot a subscription starts with. */
  snapshot?: true;
}

export interface TelemetryData {
  position: { x: number; y: number; z: number };
  rotation: { pitch: number; roll: number; yaw: number };
  wheelSpeeds: { fl: number; fr: number; rl: number; rr: number };
  sensors: { battery: number; temperature: number; current: number };
  obstacleDistance: number | null;
}

export interface CommandOutcomeData {
  commandId: string;
  type: 'move' | 'stop' | 'calibrate';
  status: 'completed' | 'acknowledged' | 'rejected' | 'timed_out';
  username: string;
  reason: string | null;
}

export type TelemetryMessage = ChannelMessage<'telemetry', TelemetryData>;
export type AlertMessage = ChannelMessage<'alert', AlertDto>;
export type StatusMessage = ChannelMessage<'status', RoverStatusDto>;
export type CommandMessage = ChannelMessage<'command', CommandOutcomeData>;
/** Fleet robots; the fleet module defines the robot's own shape. */
export type FleetMessage = ChannelMessage<'fleet', unknown>;
export type RobotMessage = ChannelMessage<'robot', unknown>;

export interface ServerToClientEvents {
  telemetry: (message: TelemetryMessage) => void;
  alerts: (message: AlertMessage) => void;
  status: (message: StatusMessage) => void;
  fleet: (message: FleetMessage) => void;
  robot: (message: RobotMessage) => void;
  commands: (message: CommandMessage) => void;
  jobs: (message: ChannelMessage<'job', unknown>) => void;
}

export interface SubscriptionAck {
  type: 'subscription_confirmed' | 'unsubscription_confirmed';
  channels: Channel[];
}

export interface PongAck {
  type: 'pong';
  timestamp: string;
  /** Whether this caller holds the deadman lease (the heartbeat renewed it) and for how long. */
  lease: { active: boolean; expiresInMs: number | null };
}

/** Client -> server events, with the ack each is answered with. */
export interface ClientToServerEvents {
  subscribe: { payload: { channels: Channel[] }; ack: SubscriptionAck };
  unsubscribe: { payload: { channels: Channel[] }; ack: SubscriptionAck };
  heartbeat: { payload: undefined; ack: PongAck };
  command: { payload: { action: 'move' | 'stop' | 'calibrate'; parameters?: object }; ack: object };
}
