/*
 * The load generator of `bench/fleet/run.ts`, in its own process so that it never shares the
 * service's or the measuring client's event loop: BENCH_AGVS fake VDA 5050 2.x vehicles on
 * BENCH_CONNECTIONS MQTT connections to BENCH_BROKER_URL (by default one connection per vehicle,
 * as the standard has it: each with its CONNECTIONBROKEN last will, its `connection` ONLINE
 * retained at QoS 1, and its `instantActions` subscription), then a `state` from every vehicle once
 * a second at QoS 0, spread evenly over the second.
 *
 * The messages are test/helpers/mqtt/fake-agv.ts's (its instances are used as message factories
 * only: their headers, topics and state shape; the connections are this file's, so that several
 * vehicles can share one). Each state carries its sequence number in `agvPosition.x`: the service
 * passes it to the `fleet` update as `position.x`, so the measuring client can pair every update
 * with the publish it came from. process.hrtime (CLOCK_MONOTONIC) is read just before each publish;
 * the orchestrator reads the same clock at each receipt.
 *
 * IPC: sends `ramp` (progress) and `ready`; answers `report` with the publishes of a window; exits
 * on `stop`, a SIGTERM or the loss of its parent. Bounded: the ramp stops after BENCH_RAMP_CAP_S,
 * the pacer after BENCH_MAX_SEQ states per vehicle.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { FakeAgv } from '../../test/helpers/mqtt/fake-agv';
import { nowNs, sleep, stats, type Stats } from '../support/measure';

export const STATE_PERIOD_MS = 1000;
/** Serial numbers: `agv-0000`, ... (robot.name on the `fleet` channel). */
export const serialOf = (index: number): string => `agv-${String(index).padStart(4, '0')}`;
export const indexOf = (serial: string): number => {
  const match = /^agv-(\d{4,})$/.exec(serial);
  return match ? Number(match[1]) : -1;
};

export type ToSwarm = { type: 'report'; fromNs: number; toNs: number } | { type: 'stop' };

export interface SwarmReport {
  /** Publishes of the window, as pairs: the global index (seq x AGVs + vehicle), hrtime ns. */
  published: number[];
  /** How late each of those publishes left against its slot (ms): the load generator's lag. */
  lateness: Stats;
  /** States the pacer skipped in the window because the vehicle's connection was down. */
  skipped: number;
  /** Connections that closed after the ramp. */
  closes: number;
}

export type FromSwarm =
  | { type: 'ramp'; connected: number }
  | {
      type: 'ready';
      connected: number;
      connections: number;
      rampS: number;
      failures: string[];
    }
  | { type: 'report'; report: SwarmReport };

const AGVS = Number(process.env.BENCH_AGVS ?? 1000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? AGVS);
const MAX_SEQ = Number(process.env.BENCH_MAX_SEQ ?? 200);
const BROKER_URL = process.env.BENCH_BROKER_URL ?? '';
const RAMP_CAP_MS = Number(process.env.BENCH_RAMP_CAP_S ?? 120) * 1000;
/** Connections opened at a time during the ramp. */
const RAMP_CONCURRENCY = 20;
const CONNECT_TIMEOUT_MS = 10_000;

interface Connection {
  client?: MqttClient;
  /** The vehicles this connection publishes for. */
  vehicles: number[];
}

function send(message: FromSwarm): void {
  process.send?.(message);
}

function connectClient(options: IClientOptions): Promise<MqttClient> {
  const client = connect(BROKER_URL, {
    reconnectPeriod: 0, // a connection that drops stays down, and is counted
    connectTimeout: CONNECT_TIMEOUT_MS,
    keepalive: 60,
    ...options,
  });
  return new Promise((resolveClient, reject) => {
    const fail = (error: Error) => {
      client.end(true);
      reject(error);
    };
    client.once('connect', () => {
      client.off('error', fail);
      resolveClient(client);
    });
    client.once('error', fail);
  });
}

async function main(): Promise<void> {
  if (!BROKER_URL) throw new Error('BENCH_BROKER_URL is not set');
  if (!(AGVS >= 1 && CONNECTIONS >= 1 && CONNECTIONS <= AGVS && MAX_SEQ >= 1))
    throw new Error(`bad counts: ${AGVS} AGVs on ${CONNECTIONS} connections, ${MAX_SEQ} states`);
  const vehicles = Array.from(
    { length: AGVS },
    (_, i) => new FakeAgv({ brokerUrl: BROKER_URL, serialNumber: serialOf(i), stateEveryMs: 0 }),
  );
  const connections: Connection[] = Array.from({ length: CONNECTIONS }, () => ({ vehicles: [] }));
  vehicles.forEach((_, i) => connections[i % CONNECTIONS].vehicles.push(i));
  const connectionOf = new Array<Connection>(AGVS);
  connections.forEach((c) => c.vehicles.forEach((i) => (connectionOf[i] = c)));
  const ready = new Uint8Array(AGVS);
  const sentNs = new Float64Array(AGVS * MAX_SEQ);
  const lateMs = new Float32Array(AGVS * MAX_SEQ);
  let closes = 0;
  let rampDone = false;
  let stopping = false;

  // The pacer: publish j (vehicle j % AGVS, its state number floor(j / AGVS)) is due at
  // start + j x (period / AGVS), on the clock, so timer lateness does not accumulate. Vehicles
  // start publishing in their slot as soon as they are connected; the ramp runs meanwhile.
  const slotNs = (STATE_PERIOD_MS * 1e6) / AGVS;
  const total = AGVS * MAX_SEQ;
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  const startNs = Number(nowNs());
  const tick = () => {
    const now = Number(nowNs());
    while (next < total && startNs + next * slotNs <= now) {
      const vehicle = next % AGVS;
      const client = connectionOf[vehicle].client;
      if (ready[vehicle] === 1 && client?.connected) {
        const agv = vehicles[vehicle];
        agv.state.x = Math.floor(next / AGVS);
        const atNs = Number(nowNs());
        client.publish(agv.topic('state'), JSON.stringify(agv.stateMessage()), { qos: 0 });
        sentNs[next] = atNs;
        lateMs[next] = (atNs - (startNs + next * slotNs)) / 1e6;
      }
      next++;
    }
    if (next < total && !stopping)
      timer = setTimeout(tick, Math.max(0, (startNs + next * slotNs - Number(nowNs())) / 1e6));
  };
  tick();

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(timer);
    setTimeout(() => process.exit(0), 3000).unref();
    // A clean DISCONNECT: the broker drops the last wills, so the service hears no CONNECTIONBROKEN.
    await Promise.all(
      connections.flatMap((c) => (c.client ? [c.client.endAsync().catch(() => undefined)] : [])),
    );
    process.exit(0);
  };
  process.on('message', (message: ToSwarm) => {
    if (message.type === 'stop') void stop();
    if (message.type !== 'report') return;
    const published: number[] = [];
    const late: number[] = [];
    let skipped = 0;
    for (let j = 0; j < Math.min(next, total); j++) {
      const at = sentNs[j];
      if (at === 0) {
        const due = startNs + j * slotNs;
        if (due >= message.fromNs && due < message.toNs) skipped++;
        continue;
      }
      if (at < message.fromNs || at >= message.toNs) continue;
      published.push(j, at);
      late.push(lateMs[j]);
    }
    send({ type: 'report', report: { published, lateness: stats(late), skipped, closes } });
  });
  process.on('disconnect', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());

  // The ramp: RAMP_CONCURRENCY connections at a time; each announces its vehicles ONLINE.
  const failures: string[] = [];
  const rampStartNs = nowNs();
  const deadline = Date.now() + RAMP_CAP_MS;
  let connected = 0;
  let cursor = 0;
  const bringUp = async (connection: Connection): Promise<void> => {
    const own = connection.vehicles.map((i) => vehicles[i]);
    const single = own.length === 1 ? own[0] : undefined;
    const client = await connectClient({
      clientId: single
        ? `bench-agv-${single.serialNumber}-${process.pid}`
        : `bench-agvs-${connection.vehicles[0]}-${process.pid}`,
      // The standard's last will is per vehicle, so only a connection of its own can carry it.
      ...(single
        ? {
            will: {
              topic: single.topic('connection'),
              payload: Buffer.from(
                JSON.stringify({
                  ...single.header('connection'),
                  connectionState: 'CONNECTIONBROKEN',
                }),
              ),
              qos: 1,
              retain: true,
            },
          }
        : {}),
    });
    connection.client = client;
    client.on('close', () => {
      if (rampDone && !stopping) closes++;
    });
    await client.subscribeAsync(
      own.map((agv) => agv.topic('instantActions')),
      { qos: 0 },
    );
    for (const agv of own) {
      await client.publishAsync(
        agv.topic('connection'),
        JSON.stringify({ ...agv.header('connection'), connectionState: 'ONLINE' }),
        { qos: 1, retain: true },
      );
    }
    for (const i of connection.vehicles) ready[i] = 1;
    connected += own.length;
  };
  const worker = async (): Promise<void> => {
    while (cursor < connections.length && Date.now() < deadline && failures.length < 20) {
      const connection = connections[cursor++];
      await bringUp(connection).catch((error: unknown) =>
        failures.push(error instanceof Error ? error.message : String(error)),
      );
    }
  };
  const progress = setInterval(() => send({ type: 'ramp', connected }), 1000);
  await Promise.all(Array.from({ length: RAMP_CONCURRENCY }, worker));
  clearInterval(progress);
  rampDone = true;
  // Let the last ONLINEs reach the broker before the orchestrator's warm-up starts.
  await sleep(100);
  send({
    type: 'ready',
    connected,
    connections: connections.filter((c) => c.client?.connected).length,
    rampS: Number(nowNs() - rampStartNs) / 1e9,
    failures: failures.slice(0, 5),
  });
}

// run.ts imports the names above; only the process started as the swarm runs it.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench:fleet swarm failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
