import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { Subject } from 'rxjs';
import { AppError } from '../../common/errors/app-error';
import { AppConfig, type FleetMqttConfig } from '../../config/app-config';
import { FleetMqttMetrics } from './fleet-mqtt.metrics';
import { subscriptions, type TopicLayout } from './vda5050-topics';

export interface InboundMessage {
  topic: string;
  payload: Buffer;
  /** Kept by the broker from before this subscription (MQTT retain flag). */
  retained: boolean;
}

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 30_000;

/**
 * The service's one connection to the fleet's MQTT broker (FLEET_MQTT_URL), as VDA 5050 master
 * control: it subscribes to every vehicle's `state` (QoS 0) and `connection` (QoS 1) and publishes
 * `instantActions` (QoS 0). It never holds up the boot: a broker that is away is retried with
 * backoff (0.5 s doubling to 30 s), and /health says so meanwhile.
 *
 * Nothing is queued while the broker is away (`queueQoSZero: false`, and `publish` refuses): a
 * stop sent minutes late, after the operator was told it failed, would surprise everyone.
 */
@Injectable()
export class FleetMqttConnection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FleetMqtt');
  private readonly settings?: FleetMqttConfig;
  private client?: MqttClient;
  private everConnected = false;
  private lastError?: string;
  /** Every message on a subscribed topic, as it arrived. */
  readonly messages$ = new Subject<InboundMessage>();
  /** One emission per (re)connection to the broker, once the subscriptions are in place. */
  readonly sessions$ = new Subject<void>();

  constructor(
    config: AppConfig,
    private readonly metrics: FleetMqttMetrics,
  ) {
    this.settings = config.fleet.mqtt;
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get layout(): TopicLayout {
    return {
      interfaceName: this.settings?.interfaceName ?? 'uagv',
      majorVersion: this.settings?.majorVersion ?? 'v2',
    };
  }

  /** For /health: where (credentials left out), whether connected, and the last error if not. */
  status(): { broker: string; connected: boolean; error?: string } {
    return {
      broker: this.settings ? brokerAddress(this.settings.url) : 'none',
      connected: this.connected,
      ...(this.connected || !this.lastError ? {} : { error: this.lastError }),
    };
  }

  onApplicationBootstrap(): void {
    if (!this.settings) return;
    const settings = this.settings;
    this.metrics.connected.set(0);
    const client = connect(settings.url, clientOptions(settings));
    this.client = client;
    client.on('connect', () => {
      client.options.reconnectPeriod = FIRST_RETRY_MS;
      this.lastError = undefined;
      if (this.everConnected) this.metrics.reconnects.inc();
      this.everConnected = true;
      client.subscribe(subscriptions(this.layout), (error) => {
        if (error) {
          this.logger.error({ error: error.message }, 'MQTT subscribe failed');
          return;
        }
        this.metrics.connected.set(1);
        this.logger.log({ broker: brokerAddress(settings.url) }, 'MQTT broker connected');
        this.sessions$.next();
      });
    });
    client.on('message', (topic, payload, packet) =>
      this.messages$.next({ topic, payload, retained: packet.retain }),
    );
    client.on('close', () => {
      this.metrics.connected.set(0);
      client.options.reconnectPeriod = Math.min(
        LONGEST_RETRY_MS,
        Math.max(FIRST_RETRY_MS, (client.options.reconnectPeriod ?? FIRST_RETRY_MS) * 2),
      );
    });
    client.on('offline', () => this.logger.warn('MQTT broker connection lost; retrying'));
    client.on('error', (error) => {
      if (error.message !== this.lastError)
        this.logger.warn({ error: error.message }, 'MQTT connection error');
      this.lastError = error.message;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.messages$.complete();
    this.sessions$.complete();
    await this.client?.endAsync(true);
  }

  /** Publishes now, or refuses at once (503) when the broker is not connected. */
  async publish(topic: string, payload: string, qos: 0 | 1): Promise<void> {
    const client = this.client;
    // mqtt.js notices a dead socket only when it closes; until then a write to it waits for a
    // `drain` that never comes. A socket that cannot be written is treated as down. (A socket
    // that is merely backed up is written to: the stop's own timeout bounds the wait.)
    const stream = client?.stream;
    const writable = stream !== undefined && !stream.destroyed && stream.writable;
    if (!client?.connected || !writable)
      throw new AppError(
        'service_unavailable',
        'The fleet MQTT broker is not connected; nothing was sent',
      );
    await client.publishAsync(topic, payload, { qos, retain: false });
  }
}

function clientOptions(settings: FleetMqttConfig): IClientOptions {
  return {
    // Two connections with one client id take each other's session over, back and forth; the
    // random part keeps two instances (or two apps in one test process) apart.
    clientId:
      settings.clientId ??
      `rmc-${hostname().slice(0, 32)}-${process.pid}-${randomBytes(3).toString('hex')}`,
    username: settings.username,
    password: settings.password,
    protocolVersion: 4,
    clean: true,
    keepalive: 30,
    connectTimeout: 10_000,
    reconnectPeriod: FIRST_RETRY_MS,
    resubscribe: false, // subscribed again on every connect, above
    queueQoSZero: false,
    ca: settings.caFile ? readFileSync(settings.caFile) : undefined,
    cert: settings.certFile ? readFileSync(settings.certFile) : undefined,
    key: settings.keyFile ? readFileSync(settings.keyFile) : undefined,
    rejectUnauthorized: settings.tlsVerify,
  };
}

/** The broker's address without credentials, for logs and /health. */
export function brokerAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'invalid url';
  }
}
