import type { OpenAPIObject } from '@nestjs/swagger';
import {
  type ClientEventDoc,
  ERROR_ACK,
  type PayloadDoc,
  type ServerEventDoc,
  TELEMETRY_CLIENT_EVENTS,
  TELEMETRY_SERVER_EVENTS,
} from './event-docs';

type Json = Record<string, unknown>;

interface NamespaceDoc {
  id: string;
  address: string;
  description: string;
  server: Record<string, ServerEventDoc>;
  client: Record<string, ClientEventDoc>;
}

const NAMESPACES: NamespaceDoc[] = [
  {
    id: 'telemetry',
    address: '/telemetry',
    description:
      'Live telemetry, alerts, status, the fleet and command results. Subscribe to channels ' +
      '(telemetry, alerts, status, fleet, commands, jobs, robot:<id>); each message carries the ' +
      "channel's own increasing seq.",
    server: TELEMETRY_SERVER_EVENTS,
    client: TELEMETRY_CLIENT_EVENTS,
  },
  {
    id: 'default',
    address: '/',
    description: 'The default namespace: `message` is acknowledged with its data.',
    server: {},
    client: {
      message: {
        summary: 'Any JSON value; acknowledged as { status: "received", data }',
        payload: { schema: {} },
        reply: {
          schema: {
            type: 'object',
            required: ['status', 'data'],
            properties: { status: { const: 'received' }, data: {} },
          },
        },
      },
    },
  },
];

/**
 * The AsyncAPI 3 document of every Socket.IO namespace, built from the typed event docs and, for
 * payloads that are DTOs, from the very schemas Swagger generated from those DTOs' decorators: the
 * document describes what the gateways validate, not a copy of it.
 */
export function buildAsyncApiDocument(openApi: OpenAPIObject, version: string): Json {
  const channels: Json = {};
  const operations: Json = {};
  for (const ns of NAMESPACES) {
    const messages: Json = {};
    for (const [event, doc] of Object.entries(ns.server)) {
      messages[event] = {
        name: event,
        summary: doc.summary,
        ...(doc.volatile ? { description: 'Volatile: may be dropped for a slow client.' } : {}),
        payload: channelMessage(doc.messageType, payloadOf(doc.data)),
      };
      operations[`${ns.id}.${event}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${ns.id}` },
        messages: [{ $ref: `#/channels/${ns.id}/messages/${event}` }],
      };
    }
    for (const [event, doc] of Object.entries(ns.client)) {
      messages[event] = {
        name: event,
        summary: doc.summary,
        ...(doc.payload ? { payload: payloadOf(doc.payload) } : {}),
      };
      messages[`${event}Ack`] = {
        name: `${event} ack`,
        summary: `What ${event} is acknowledged with, or the error envelope's fields`,
        payload: { oneOf: [payloadOf(doc.reply), { $ref: '#/components/schemas/ErrorAck' }] },
      };
      operations[`${ns.id}.${event}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${ns.id}` },
        messages: [{ $ref: `#/channels/${ns.id}/messages/${event}` }],
        reply: { messages: [{ $ref: `#/channels/${ns.id}/messages/${event}Ack` }] },
      };
    }
    channels[ns.id] = { address: ns.address, description: ns.description, messages };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Rover Mission Control: Socket.IO',
      version,
      description:
        'Socket.IO 4 on path /socket.io. Authenticate in the handshake with auth: { token } or an ' +
        'Authorization: Bearer header (never the query string); a refused handshake gets ' +
        'connect_error with the error envelope in err.data.',
    },
    servers: {
      service: { host: 'localhost:3000', pathname: '/socket.io', protocol: 'ws' },
    },
    channels,
    operations,
    components: {
      schemas: { ...(openApi.components?.schemas ?? {}), ErrorAck: ERROR_ACK },
    },
  };
}

function payloadOf(doc: PayloadDoc): Json {
  return 'dto' in doc ? { $ref: `#/components/schemas/${doc.dto.name}` } : (doc.schema as Json);
}

function channelMessage(type: string, data: Json): Json {
  return {
    type: 'object',
    required: ['type', 'seq', 'timestamp', 'data'],
    properties: {
      type: { const: type },
      seq: { type: 'integer', minimum: 1, description: "The channel's own sequence number" },
      timestamp: { type: 'string', format: 'date-time' },
      data,
      snapshot: { const: true, description: 'Set on the first message after subscribing' },
    },
  };
}
