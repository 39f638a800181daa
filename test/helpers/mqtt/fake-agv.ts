import { connect, type IClientOptions, type MqttClient } from 'mqtt';

/** The parts of a VDA 5050 2.x state this fake reports; tests override what they need. */
export interface FakeAgvState {
  batteryCharge: number;
  x: number;
  y: number;
  theta: number;
  mapId: string;
  driving: boolean;
  paused: boolean;
  operatingMode: string;
  errors: { errorType: string; errorLevel: 'WARNING' | 'FATAL'; errorDescription?: string }[];
  eStop: 'AUTOACK' | 'MANUAL' | 'REMOTE' | 'NONE';
  fieldViolation: boolean;
}

/** How the fake answers an instantActions stopPause. */
export type StopBehaviour = 'finish' | 'fail' | 'ignore' | 'running';

export interface FakeAgvOptions {
  brokerUrl: string;
  manufacturer?: string;
  serialNumber: string;
  interfaceName?: string;
  /** State period; 0: only on demand (publishState). Default 1000. */
  stateEveryMs?: number;
  state?: Partial<FakeAgvState>;
  stopBehaviour?: StopBehaviour;
  /** Further client options: TLS (ca), credentials. */
  connectOptions?: IClientOptions;
}

interface ActionState {
  actionId: string;
  actionType: string;
  actionStatus: 'WAITING' | 'INITIALIZING' | 'RUNNING' | 'FINISHED' | 'FAILED';
  resultDescription?: string;
}

/**
 * A scripted automated guided vehicle speaking VDA 5050 2.x over a real MQTT connection: it
 * registers CONNECTIONBROKEN as its last will, publishes `connection` ONLINE (retained, QoS 1),
 * then `state` periodically, and answers `instantActions` as told. `dropConnection()` destroys its
 * socket without an MQTT DISCONNECT, so the broker publishes the last will.
 */
export class FakeAgv {
  readonly manufacturer: string;
  readonly serialNumber: string;
  readonly state: FakeAgvState;
  readonly received: Record<string, unknown>[] = [];
  stopBehaviour: StopBehaviour;
  private client?: MqttClient;
  private timer?: NodeJS.Timeout;
  private readonly headerIds = { state: 0, connection: 0 };
  private actionStates: ActionState[] = [];
  private readonly prefix: string;

  constructor(private readonly options: FakeAgvOptions) {
    this.manufacturer = options.manufacturer ?? 'acme';
    this.serialNumber = options.serialNumber;
    this.prefix = `${options.interfaceName ?? 'uagv'}/v2/${this.manufacturer}/${this.serialNumber}`;
    this.stopBehaviour = options.stopBehaviour ?? 'finish';
    this.state = {
      batteryCharge: 80,
      x: 1,
      y: 2,
      theta: 0,
      mapId: 'hall-1',
      driving: true,
      paused: false,
      operatingMode: 'AUTOMATIC',
      errors: [],
      eStop: 'NONE',
      fieldViolation: false,
      ...options.state,
    };
  }

  topic(subtopic: string): string {
    return `${this.prefix}/${subtopic}`;
  }

  header(topic: 'state' | 'connection'): Record<string, unknown> {
    const headerId = this.headerIds[topic]++;
    return {
      headerId,
      timestamp: new Date().toISOString(),
      version: '2.0.0',
      manufacturer: this.manufacturer,
      serialNumber: this.serialNumber,
    };
  }

  async start(): Promise<void> {
    const willHeader = this.header('connection');
    const client = connect(this.options.brokerUrl, {
      clientId: `fake-agv-${this.serialNumber}-${process.pid}`,
      reconnectPeriod: 0,
      ...this.options.connectOptions,
      will: {
        topic: this.topic('connection'),
        payload: Buffer.from(
          JSON.stringify({ ...willHeader, connectionState: 'CONNECTIONBROKEN' }),
        ),
        qos: 1,
        retain: true,
      },
    });
    this.client = client;
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    client.on('message', (_topic, payload) => this.onInstantActions(payload));
    await client.subscribeAsync(this.topic('instantActions'), { qos: 0 });
    await this.publishConnection('ONLINE');
    await this.publishState();
    const every = this.options.stateEveryMs ?? 1000;
    if (every > 0) this.timer = setInterval(() => void this.publishState().catch(() => {}), every);
  }

  async publishConnection(connectionState: 'ONLINE' | 'OFFLINE'): Promise<void> {
    await this.publishRaw(
      this.topic('connection'),
      JSON.stringify({ ...this.header('connection'), connectionState }),
      { qos: 1, retain: true },
    );
  }

  stateMessage(): Record<string, unknown> {
    const s = this.state;
    return {
      ...this.header('state'),
      orderId: '',
      orderUpdateId: 0,
      lastNodeId: '',
      lastNodeSequenceId: 0,
      nodeStates: [],
      edgeStates: [],
      driving: s.driving,
      paused: s.paused,
      operatingMode: s.operatingMode,
      agvPosition: { x: s.x, y: s.y, theta: s.theta, mapId: s.mapId, positionInitialized: true },
      actionStates: this.actionStates,
      batteryState: { batteryCharge: s.batteryCharge, charging: false },
      errors: s.errors,
      safetyState: { eStop: s.eStop, fieldViolation: s.fieldViolation },
    };
  }

  async publishState(): Promise<void> {
    await this.publishRaw(this.topic('state'), JSON.stringify(this.stateMessage()), { qos: 0 });
  }

  /** Anything at all, on any topic: for the invalid-message cases. */
  async publishRaw(
    topic: string,
    payload: string | Buffer,
    options: { qos?: 0 | 1; retain?: boolean } = {},
  ): Promise<void> {
    if (!this.client) throw new Error('not started');
    await this.client.publishAsync(topic, payload, {
      qos: options.qos ?? 0,
      retain: options.retain ?? false,
    });
  }

  /** The socket goes away without a DISCONNECT: the broker sends the last will. */
  dropConnection(): void {
    clearInterval(this.timer);
    this.client?.stream.destroy();
    this.client?.end(true);
  }

  /** An orderly MQTT DISCONNECT: the broker discards the last will. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.client?.endAsync(false);
  }

  private onInstantActions(payload: Buffer): void {
    let message: { actions?: { actionId: string; actionType: string }[] };
    try {
      message = JSON.parse(payload.toString()) as typeof message;
    } catch {
      return;
    }
    this.received.push(message);
    for (const action of message.actions ?? []) {
      if (action.actionType !== 'stopPause' || this.stopBehaviour === 'ignore') continue;
      const actionStatus =
        this.stopBehaviour === 'finish'
          ? 'FINISHED'
          : this.stopBehaviour === 'fail'
            ? 'FAILED'
            : 'RUNNING';
      if (actionStatus === 'FINISHED') {
        this.state.paused = true;
        this.state.driving = false;
      }
      this.actionStates = [
        ...this.actionStates.filter((a) => a.actionId !== action.actionId),
        {
          actionId: action.actionId,
          actionType: action.actionType,
          actionStatus,
          ...(actionStatus === 'FAILED' ? { resultDescription: 'brakes unavailable' } : {}),
        },
      ];
      // The standard: a state goes out at once when an action's state changes.
      void this.publishState().catch(() => {});
    }
  }
}
