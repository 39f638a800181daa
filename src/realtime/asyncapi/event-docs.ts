import { AlertDto } from '../../alerts/dto/alert.dto';
import { ControlResultDto, EmergencyStopResultDto } from '../../rover/dto/control.dto';
import { RoverStatusDto } from '../../rover/dto/rover-status.dto';
import { SocketCommandDto } from '../telemetry/dto/command.dto';
import { SubscriptionDto } from '../telemetry/dto/subscription.dto';
import type { ClientToServerEvents, ServerToClientEvents } from '../telemetry/events';

/** A payload: a DTO class (its schema comes from the same decorators Swagger reads) or inline JSON Schema. */
export type PayloadDoc = { dto: abstract new (...args: never[]) => unknown } | { schema: object };

export interface ServerEventDoc {
  summary: string;
  /** The `type` field of the channel message, and the schema of its `data`. */
  messageType: string;
  data: PayloadDoc;
  volatile?: true;
}

export interface ClientEventDoc {
  summary: string;
  payload?: PayloadDoc;
  reply: PayloadDoc;
}

const TELEMETRY_DATA: object = {
  type: 'object',
  required: ['position', 'rotation', 'wheelSpeeds', 'sensors', 'obstacleDistance'],
  properties: {
    position: xyz(['x', 'y', 'z']),
    rotation: xyz(['pitch', 'roll', 'yaw']),
    wheelSpeeds: xyz(['fl', 'fr', 'rl', 'rr']),
    sensors: xyz(['battery', 'temperature', 'current']),
    obstacleDistance: {
      type: ['number', 'null'],
      description: 'metres; null when nothing is in range',
    },
  },
};

const COMMAND_OUTCOME: object = {
  type: 'object',
  required: ['commandId', 'type', 'status', 'username', 'reason'],
  properties: {
    commandId: { type: 'string', format: 'uuid' },
    type: { enum: ['move', 'stop', 'calibrate'] },
    status: { enum: ['acknowledged', 'completed', 'rejected', 'timed_out'] },
    username: { type: 'string' },
    reason: { type: ['string', 'null'] },
  },
};

const ROBOT: object = {
  type: 'object',
  description: 'A fleet robot as GET /api/robots/:id returns it',
  required: ['id', 'name', 'online', 'battery', 'cpu', 'ram', 'lastUpdated', 'location'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    online: { type: 'boolean' },
    battery: { type: ['number', 'null'] },
    cpu: { type: ['number', 'null'] },
    ram: { type: ['number', 'null'] },
    lastUpdated: { type: 'string', format: 'date-time' },
    location: xyz(['lat', 'lng']),
    kind: { enum: ['rover', 'simulated', 'mqtt'] },
    source: { enum: ['serial', 'simulator', 'mqtt'] },
    stale: { type: 'boolean' },
    connectionState: { enum: ['ONLINE', 'OFFLINE', 'CONNECTIONBROKEN', null] },
    driving: { type: ['boolean', 'null'] },
    paused: { type: ['boolean', 'null'] },
    operatingMode: { type: ['string', 'null'] },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          level: { enum: ['WARNING', 'FATAL'] },
          description: { type: ['string', 'null'] },
        },
      },
    },
    safetyState: {
      type: ['object', 'null'],
      properties: {
        eStop: { enum: ['AUTOACK', 'MANUAL', 'REMOTE', 'NONE'] },
        fieldViolation: { type: 'boolean' },
      },
    },
    position: {
      type: ['object', 'null'],
      description: 'MQTT vehicles: agvPosition in their map frame',
      properties: {
        x: { type: 'number' },
        y: { type: 'number' },
        theta: { type: 'number' },
        mapId: { type: 'string' },
      },
    },
    manufacturer: { type: ['string', 'null'] },
    serialNumber: { type: ['string', 'null'] },
  },
};

export const ERROR_ACK: object = {
  type: 'object',
  description: 'A refused request: the REST error envelope fields (API.md §0)',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 403 },
    error: { type: 'string', example: 'forbidden' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object' } },
  },
};

/**
 * What `/telemetry` emits. Keyed by the typed event map, so an event added to the map without a
 * document here (or the other way round) does not compile.
 */
export const TELEMETRY_SERVER_EVENTS: Record<keyof ServerToClientEvents, ServerEventDoc> = {
  telemetry: {
    summary: 'Rover telemetry at the runtime rate; volatile: a slow client misses frames (see seq)',
    messageType: 'telemetry',
    data: { schema: TELEMETRY_DATA },
    volatile: true,
  },
  alerts: { summary: 'Alerts as they are raised', messageType: 'alert', data: { dto: AlertDto } },
  status: {
    summary: 'The rover status (GET /api/rover/status) on every change and every second',
    messageType: 'status',
    data: { dto: RoverStatusDto },
  },
  fleet: {
    summary: 'Each fleet robot as it updates',
    messageType: 'fleet',
    data: { schema: ROBOT },
  },
  robot: {
    summary: 'One robot, to the room robot:<id>',
    messageType: 'robot',
    data: { schema: ROBOT },
  },
  commands: {
    summary: "Every command's outcome as the rover answered it",
    messageType: 'command',
    data: { schema: COMMAND_OUTCOME },
  },
  jobs: {
    summary: 'Compile and upload progress (Arduino)',
    messageType: 'job',
    data: { schema: { type: 'object' } },
  },
};

const SUBSCRIPTION_ACK = {
  schema: {
    type: 'object',
    required: ['type', 'channels'],
    properties: {
      type: { enum: ['subscription_confirmed', 'unsubscription_confirmed'] },
      channels: { type: 'array', items: { type: 'string' } },
    },
  },
};

/** What a client may send on `/telemetry`, and the ack each is answered with. */
export const TELEMETRY_CLIENT_EVENTS: Record<keyof ClientToServerEvents, ClientEventDoc> = {
  subscribe: {
    summary: "Join channels; each channel's latest value is sent at once, before the ack",
    payload: { dto: SubscriptionDto },
    reply: SUBSCRIPTION_ACK,
  },
  unsubscribe: {
    summary: 'Leave channels',
    payload: { dto: SubscriptionDto },
    reply: SUBSCRIPTION_ACK,
  },
  heartbeat: {
    summary: 'Keep-alive; renews the deadman lease of the operator who holds it',
    reply: {
      schema: {
        type: 'object',
        required: ['type', 'timestamp', 'lease'],
        properties: {
          type: { const: 'pong' },
          timestamp: { type: 'string', format: 'date-time' },
          lease: xyz(['active', 'expiresInMs']),
        },
      },
    },
  },
  command: {
    summary:
      'Drive (move, calibrate: rover:control) or e-stop (stop: anyone); answered as the REST route',
    payload: { dto: SocketCommandDto },
    reply: {
      schema: {
        oneOf: [
          { $ref: `#/components/schemas/${ControlResultDto.name}` },
          { $ref: `#/components/schemas/${EmergencyStopResultDto.name}` },
        ],
      },
    },
  },
};

/** DTOs that only the socket docs reference, so Swagger's generator knows to describe them. */
export const SOCKET_EXTRA_MODELS = [SubscriptionDto, SocketCommandDto, AlertDto, RoverStatusDto];

function xyz(keys: string[]): object {
  return {
    type: 'object',
    required: keys,
    properties: Object.fromEntries(keys.map((k) => [k, {}])),
  };
}
