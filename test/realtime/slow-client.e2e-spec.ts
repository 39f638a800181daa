import type { Socket as NetSocket } from 'node:net';
import type { Socket } from 'socket.io-client';
import { RoverRig, waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';

interface Message {
  type: string;
  seq: number;
  data: Record<string, unknown>;
  snapshot?: true;
}

/** The TCP socket under a socket.io-client websocket, to stop reading from it like a stalled tab. */
function tcpOf(socket: Socket): NetSocket {
  const transport = (socket.io.engine as unknown as { transport: { ws?: { _socket?: NetSocket } } })
    .transport;
  const tcp = transport.ws?._socket;
  if (!tcp) throw new Error('no websocket under this client');
  return tcp;
}

/**
 * A client that stops reading while 50 Hz telemetry flows: the others are not slowed, and every
 * alert still reaches everyone (telemetry may be dropped for the slow one, alerts never).
 */
describe('a slow /telemetry client', () => {
  let rig: RoverRig;
  const sockets = new SocketClients();

  beforeAll(async () => {
    rig = await RoverRig.start({ rover: { telemetryHz: 50 } });
  });
  afterAll(() => rig?.close());
  afterEach(() => sockets.closeAll());

  async function subscribed(token: string): Promise<{ socket: Socket; seen: Message[] }> {
    const socket = sockets.open(`${rig.baseUrl}/telemetry`, { auth: { token } });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    const seen: Message[] = [];
    socket.on('telemetry', (m: Message) => seen.push(m));
    socket.on('alerts', (m: Message) => seen.push(m));
    await socket.emitWithAck('subscribe', { channels: ['telemetry', 'alerts'] });
    return { socket, seen };
  }

  it('should keep serving the others and deliver every alert to both once the slow one reads again', async () => {
    const slow = await subscribed(rig.viewer.accessToken);
    const fast = await subscribed(rig.operator.accessToken);
    tcpOf(slow.socket).pause();

    const startedAt = Date.now();
    const fastBefore = fast.seen.length;
    for (let i = 0; i < 3; i++) {
      expect((await rig.estop(rig.operator)).status).toBe(200);
      expect((await rig.resume(rig.operator)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    // Telemetry kept flowing to the reading client meanwhile (10 Hz broadcast by default).
    const seconds = (Date.now() - startedAt) / 1000;
    const fastTelemetry = fast.seen.slice(fastBefore).filter((m) => m.type === 'telemetry');
    expect(fastTelemetry.length).toBeGreaterThan(seconds * 5);

    tcpOf(slow.socket).resume();
    const alertsOf = (seen: Message[]) =>
      seen.filter((m) => m.type === 'alert' && m.data.kind === 'emergency_stop' && !m.snapshot);
    await waitUntil(
      'all three alerts at the slow client',
      () => alertsOf(slow.seen).length >= 3,
      5000,
    );
    expect(alertsOf(fast.seen)).toHaveLength(3);
    // Alert numbering is the channel's own: the slow client saw no gap in it.
    const slowAlertSeqs = alertsOf(slow.seen).map((m) => m.seq);
    expect(slowAlertSeqs).toEqual(alertsOf(fast.seen).map((m) => m.seq));
  });
});
