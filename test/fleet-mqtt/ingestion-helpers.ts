import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import type { AlertDto } from '../../src/alerts/dto/alert.dto';
import type { RobotResponseDto } from '../../src/fleet/dto/robot-response.dto';
import { HealthController } from '../../src/system/health/health.controller';
import { bearer, type Session } from '../helpers/auth';
import type { TestApp } from '../helpers/create-test-app';
import { FakeAgv, type FakeAgvOptions } from '../helpers/mqtt/fake-agv';
import { waitUntil } from '../helpers/rover-rig';
import { connectOutcome, type SocketClients } from '../helpers/socket-client';

export type Robot = RobotResponseDto;

export interface RobotPage {
  items: Robot[];
  total: number;
  page: number;
  limit: number;
}

/** GET /api/robots/:id, which must answer 200. */
export async function getRobot(baseUrl: string, session: Session, id: string): Promise<Robot> {
  const res = await request(baseUrl)
    .get(`/api/robots/${id}`)
    .set(...bearer(session));
  if (res.status !== 200)
    throw new Error(`GET /api/robots/${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Robot;
}

/** GET /api/robots?limit=100, which must answer 200. */
export async function listRobots(baseUrl: string, session: Session): Promise<RobotPage> {
  const res = await request(baseUrl)
    .get('/api/robots?limit=100')
    .set(...bearer(session));
  if (res.status !== 200) throw new Error(`GET /api/robots: ${res.status}`);
  return res.body as RobotPage;
}

/** Polls GET /api/robots/:id until `accept` holds (404 counts as not yet); answers that robot. */
export async function waitForRobot(
  baseUrl: string,
  session: Session,
  id: string,
  what: string,
  accept: (robot: Robot) => boolean,
  timeoutMs: number,
): Promise<Robot> {
  return waitUntil(
    what,
    async () => {
      const res = await request(baseUrl)
        .get(`/api/robots/${id}`)
        .set(...bearer(session));
      if (res.status !== 200) return undefined;
      const robot = res.body as Robot;
      return accept(robot) ? robot : undefined;
    },
    timeoutMs,
    25,
  );
}

/** The stored alerts of `kind` about one robot (GET /api/alerts?kind=), newest first. */
export async function alertsAbout(
  baseUrl: string,
  session: Session,
  kind: string,
  robotId: string,
): Promise<AlertDto[]> {
  const res = await request(baseUrl)
    .get(`/api/alerts?kind=${kind}&limit=100`)
    .set(...bearer(session));
  if (res.status !== 200)
    throw new Error(`GET /api/alerts: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { items: AlertDto[] }).items.filter((a) => a.details.robotId === robotId);
}

/** Every stored alert about one robot, whatever its kind. */
export async function allAlertsAbout(
  baseUrl: string,
  session: Session,
  robotId: string,
): Promise<AlertDto[]> {
  const res = await request(baseUrl)
    .get('/api/alerts?limit=100')
    .set(...bearer(session));
  if (res.status !== 200) throw new Error(`GET /api/alerts: ${res.status}`);
  return (res.body as { items: AlertDto[] }).items.filter((a) => a.details.robotId === robotId);
}

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of GET /metrics (the Prometheus text format), labels parsed. */
export async function scrapeMetrics(baseUrl: string): Promise<MetricSample[]> {
  const res = await request(baseUrl).get('/metrics');
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
  const samples: MetricSample[] = [];
  for (const line of res.text.split('\n')) {
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[label[1]] = label[2];
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * The sum of the series of `name` whose labels include `labels` (0 when there is none, as for a
 * counter never incremented with those labels).
 */
export async function metricValue(
  baseUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const samples = await scrapeMetrics(baseUrl);
  return samples
    .filter((s) => s.name === name)
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Polls /metrics (rendered at most once a second) until the value satisfies `accept`. */
export async function waitForMetric(
  baseUrl: string,
  name: string,
  labels: Record<string, string>,
  accept: (value: number) => boolean,
  timeoutMs: number,
): Promise<number> {
  let last = NaN;
  try {
    return await waitUntil(
      `${name}${JSON.stringify(labels)}`,
      async () => {
        last = await metricValue(baseUrl, name, labels);
        return accept(last) ? last : undefined;
      },
      timeoutMs,
      100,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message} (last value ${last})`);
  }
}

/**
 * GET /health, whatever its status. Only a 200 carries the checks' details: a 503's body is the
 * error envelope (see `healthDetails` for what the checks said then).
 */
export async function health(baseUrl: string): Promise<{
  status: number;
  body: { status: string; details: Record<string, { status: string } & Record<string, unknown>> };
}> {
  const res = await request(baseUrl).get('/health');
  return { status: res.status, body: res.body as never };
}

/**
 * What /health's checks say, from its controller (as test/redis-scale-out.e2e-spec.ts reads them):
 * over HTTP a 503 answers the error envelope, without the details.
 */
export async function healthDetails(t: TestApp): Promise<HealthCheckResult['details']> {
  try {
    return (await t.app.get(HealthController).check()).details;
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    return (error.getResponse() as HealthCheckResult).details;
  }
}

/** Waits until the app is connected to the broker and subscribed (the gauge goes to 1 after SUBACK). */
export async function waitForMqttSession(baseUrl: string, timeoutMs: number): Promise<void> {
  await waitUntil(
    'fleet_mqtt up in /health',
    async () => (await health(baseUrl)).body.details?.fleet_mqtt?.status === 'up',
    timeoutMs,
    50,
  );
  await waitForMetric(baseUrl, 'fleet_mqtt_connected', {}, (v) => v === 1, timeoutMs);
}

export interface ChannelMessage<Data> {
  type: string;
  seq: number;
  timestamp: string;
  data: Data;
  snapshot?: true;
}

/** What one socket received on one event, from the moment it was created. */
export class Recorder<Data> {
  readonly messages: ChannelMessage<Data>[] = [];

  constructor(socket: Socket, event: string) {
    socket.on(event, (message: ChannelMessage<Data>) => this.messages.push(message));
  }

  /** Live messages only (not the snapshot a subscription starts with). */
  live(): ChannelMessage<Data>[] {
    return this.messages.filter((m) => !m.snapshot);
  }

  waitFor(
    what: string,
    accept: (data: Data) => boolean,
    timeoutMs: number,
  ): Promise<ChannelMessage<Data>> {
    return waitUntil(what, () => this.live().find((m) => accept(m.data)), timeoutMs, 10);
  }
}

export interface Subscriber {
  socket: Socket;
  fleet: Recorder<Robot>;
  robot: Recorder<Robot>;
  alerts: Recorder<AlertDto>;
}

/** A real socket.io client on /telemetry, subscribed to `channels` (the ack awaited). */
export async function subscribe(
  clients: SocketClients,
  baseUrl: string,
  session: Session,
  channels: string[],
): Promise<Subscriber> {
  const socket = clients.open(`${baseUrl}/telemetry`, { auth: { token: session.accessToken } });
  const subscriber: Subscriber = {
    socket,
    fleet: new Recorder<Robot>(socket, 'fleet'),
    robot: new Recorder<Robot>(socket, 'robot'),
    alerts: new Recorder<AlertDto>(socket, 'alerts'),
  };
  const outcome = await connectOutcome(socket);
  if (!outcome.connected) throw outcome.error;
  const ack: unknown = await socket.timeout(3000).emitWithAck('subscribe', { channels });
  expect(ack).toEqual({ type: 'subscription_confirmed', channels });
  return subscriber;
}

/** Starts fake vehicles and stops every one of them at the end, whatever state a test left. */
export class AgvPool {
  private readonly agvs: FakeAgv[] = [];

  async start(options: FakeAgvOptions): Promise<FakeAgv> {
    const agv = new FakeAgv(options);
    this.agvs.push(agv);
    await agv.start();
    return agv;
  }

  async stopAll(): Promise<void> {
    const agvs = this.agvs.splice(0);
    await Promise.all(agvs.map((agv) => withTimeout(agv.stop(), 2000).catch(() => undefined)));
  }
}

/**
 * Ends the vehicle's MQTT session the orderly way, with a DISCONNECT, so the broker discards its
 * last will. FakeAgv.stop() ends with `force` (the socket destroyed, no DISCONNECT), after which
 * the broker does publish the will; a vehicle that said OFFLINE and left cleanly must not look
 * like that. The helper keeps its client private, hence the cast.
 */
export async function disconnectCleanly(agv: FakeAgv): Promise<void> {
  const inner = agv as unknown as { client?: MqttClient; timer?: NodeJS.Timeout };
  if (!inner.client) throw new Error('FakeAgv has no client (renamed field?)');
  clearInterval(inner.timer);
  await withTimeout(inner.client.endAsync(false), 3000);
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not done in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the broker holds a retained message on `topic` that `accept`s (a last will is
 * retained a moment after the vehicle's socket went away): a fresh subscription gets it at once.
 */
export async function waitForRetained(
  brokerUrl: string,
  topic: string,
  accept: (message: Record<string, unknown>) => boolean,
  timeoutMs: number,
): Promise<void> {
  await waitUntil(
    `a retained message on ${topic}`,
    async () => {
      const client = await connectAsync(brokerUrl, { reconnectPeriod: 0 });
      try {
        const seen = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 300);
          client.once('message', (_topic, payload, packet) => {
            clearTimeout(timer);
            try {
              const message = JSON.parse(payload.toString()) as Record<string, unknown>;
              resolve(packet.retain && accept(message));
            } catch {
              resolve(false);
            }
          });
        });
        await client.subscribeAsync(topic, { qos: 1 });
        return await seen;
      } finally {
        await client.endAsync();
      }
    },
    timeoutMs,
    50,
  );
}
