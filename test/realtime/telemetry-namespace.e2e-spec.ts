import type { Socket } from 'socket.io-client';
import { RoverRig, waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';

interface Message {
  type: string;
  seq: number;
  timestamp: string;
  data: Record<string, unknown>;
  snapshot?: true;
}

interface ErrorAck {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

const DEADMAN_MS = 600;

/** `/telemetry` over real sockets, with the rover on a real pty (API.md §5). */
describe('the /telemetry namespace', () => {
  let rig: RoverRig;
  const sockets = new SocketClients();

  beforeAll(async () => {
    rig = await RoverRig.start({
      env: {
        DEADMAN_TIMEOUT_MS: String(DEADMAN_MS),
        COMMAND_ACK_TIMEOUT_MS: '1000',
        FLEET_UPDATE_INTERVAL_MS: '200',
      },
      rover: { telemetryHz: 20 },
    });
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.reset());
  afterEach(() => sockets.closeAll());

  async function connect(token: string): Promise<Socket> {
    const socket = sockets.open(`${rig.baseUrl}/telemetry`, { auth: { token } });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    return socket;
  }

  /** Collects every message of `event` from now on. */
  function record(socket: Socket, event: string): Message[] {
    const seen: Message[] = [];
    socket.on(event, (message: Message) => seen.push(message));
    return seen;
  }

  describe('handshake', () => {
    it('should refuse no token, a bad token and a token in the query string with connect_error', async () => {
      const attempts = [
        sockets.open(`${rig.baseUrl}/telemetry`),
        sockets.open(`${rig.baseUrl}/telemetry`, { auth: { token: 'not-a-jwt' } }),
        sockets.open(`${rig.baseUrl}/telemetry`, { query: { token: rig.viewer.accessToken } }),
      ];
      for (const socket of attempts) {
        const outcome = await connectOutcome(socket);
        expect(outcome.connected).toBe(false);
        if (!outcome.connected) expect(outcome.error.data).toMatchObject({ statusCode: 401 });
      }
    });

    it('should refuse a disallowed Origin', async () => {
      const socket = sockets.open(`${rig.baseUrl}/telemetry`, {
        auth: { token: rig.viewer.accessToken },
        extraHeaders: { Origin: 'http://evil.example' },
      });
      const outcome = await connectOutcome(socket);
      expect(outcome.connected).toBe(false);
      if (!outcome.connected) expect(outcome.error.data).toMatchObject({ statusCode: 403 });
    });
  });

  describe('channels', () => {
    it('should send a snapshot first, then telemetry frames with strictly increasing seq', async () => {
      const socket = await connect(rig.viewer.accessToken);
      const frames = record(socket, 'telemetry');
      const ack = (await socket.emitWithAck('subscribe', { channels: ['telemetry'] })) as {
        type: string;
        channels: string[];
      };
      expect(ack).toEqual({ type: 'subscription_confirmed', channels: ['telemetry'] });
      // The snapshot came before the ack, on the same socket.
      expect(frames[0]).toMatchObject({ type: 'telemetry', snapshot: true });
      await waitUntil('five live frames', () => frames.length >= 6, 3000);
      const live = frames.slice(1);
      expect(live.every((frame) => frame.snapshot === undefined)).toBe(true);
      for (let i = 1; i < live.length; i++) expect(live[i].seq).toBeGreaterThan(live[i - 1].seq);
      expect(live[0].data).toMatchObject({
        position: { x: expect.any(Number), y: expect.any(Number), z: expect.any(Number) },
        sensors: { battery: 80, temperature: expect.any(Number), current: expect.any(Number) },
      });
    });

    it('should stop sending a channel after unsubscribe', async () => {
      const socket = await connect(rig.viewer.accessToken);
      const frames = record(socket, 'telemetry');
      await socket.emitWithAck('subscribe', { channels: ['telemetry'] });
      await waitUntil('a live frame', () => frames.length >= 2, 3000);
      const ack = (await socket.emitWithAck('unsubscribe', { channels: ['telemetry'] })) as {
        type: string;
      };
      expect(ack.type).toBe('unsubscription_confirmed');
      const count = frames.length;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(frames.length).toBe(count);
    });

    it('should send the status snapshot and alerts as they are raised', async () => {
      const socket = await connect(rig.viewer.accessToken);
      const statuses = record(socket, 'status');
      const alerts = record(socket, 'alerts');
      await socket.emitWithAck('subscribe', { channels: ['status', 'alerts'] });
      expect(statuses[0]).toMatchObject({ type: 'status', data: { connected: true } });
      expect((await rig.estop(rig.operator)).status).toBe(200);
      const alert = await waitUntil(
        'the e-stop alert',
        () => alerts.find((a) => a.data.kind === 'emergency_stop'),
        2000,
      );
      expect(alert).toMatchObject({ type: 'alert', data: { severity: 'critical' } });
      await waitUntil(
        'a latched status',
        () => statuses.find((s) => s.data.emergency_stop === true),
        2000,
      );
    });

    it('should snapshot every robot on fleet, then stream their updates, and one robot on robot:<id>', async () => {
      const socket = await connect(rig.viewer.accessToken);
      const fleet = record(socket, 'fleet');
      const robot = record(socket, 'robot');
      await socket.emitWithAck('subscribe', { channels: ['fleet'] });
      const snapshot = fleet.filter((m) => m.snapshot);
      expect(snapshot.length).toBe(6); // five simulated robots and the rover
      const simulated = snapshot.find((m) => m.data.name !== 'rover');
      expect(simulated?.data).toMatchObject({
        id: expect.any(String),
        online: expect.any(Boolean),
        location: { lat: expect.any(Number), lng: expect.any(Number) },
      });
      await waitUntil('live fleet updates', () => fleet.length > snapshot.length + 2, 3000);
      const id = String(simulated?.data.id);
      await socket.emitWithAck('subscribe', { channels: [`robot:${id}`] });
      await waitUntil(
        'updates of that robot',
        () => robot.filter((m) => !m.snapshot).length >= 2,
        3000,
      );
      expect(robot.every((m) => m.data.id === id)).toBe(true);
      const live = robot.filter((m) => !m.snapshot);
      expect(live[1].seq).toBeGreaterThan(live[0].seq);
    });

    it('should disconnect a socket that sends a 2 MB frame, and keep serving the others', async () => {
      const big = await connect(rig.viewer.accessToken);
      const other = await connect(rig.operator.accessToken);
      const gone = new Promise<string>((resolve) => big.once('disconnect', resolve));
      big.emit('subscribe', { channels: ['telemetry'], padding: 'x'.repeat(2 * 1024 * 1024) });
      expect(await gone).toMatch(/transport close|transport error|parse error/);
      const ack = (await other.emitWithAck('subscribe', { channels: ['status'] })) as {
        type: string;
      };
      expect(ack.type).toBe('subscription_confirmed');
    });

    it('should answer malformed subscriptions with validation error acks and join nothing', async () => {
      const socket = await connect(rig.viewer.accessToken);
      const frames = record(socket, 'telemetry');
      const bad: unknown[] = [
        { channels: 'telemetry' },
        { channels: ['nope'] },
        { channels: Array.from({ length: 10_000 }, () => 'telemetry') },
        JSON.parse('{"channels":["telemetry"],"__proto__":{"x":1}}'),
        'telemetry',
        { channels: ['telemetry'], extra: 1 },
      ];
      for (const payload of bad) {
        const ack = (await socket.emitWithAck('subscribe', payload)) as ErrorAck;
        expect(ack).toMatchObject({ statusCode: 400, error: 'validation_failed' });
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(frames).toHaveLength(0);
    });
  });

  describe('commands', () => {
    it("should refuse a viewer's move with a forbidden ack and write nothing to the link", async () => {
      const socket = await connect(rig.viewer.accessToken);
      rig.rover.clear();
      const ack = (await socket.emitWithAck('command', {
        action: 'move',
        parameters: { forward: 0.5, turn: 0 },
      })) as ErrorAck;
      expect(ack).toMatchObject({ statusCode: 403, error: 'forbidden' });
      await rig.rover.expectNoFrame('MOV', 200);
    });

    it("should execute an operator's move with the REST result shape", async () => {
      const socket = await connect(rig.operator.accessToken);
      const ack = (await socket.emitWithAck('command', {
        action: 'move',
        parameters: { forward: 0.3, turn: 0, duration: 0.2 },
      })) as Record<string, unknown>;
      expect(ack).toMatchObject({
        status: 'success',
        command_id: expect.any(String),
        executed_command: { forward: 0.3, turn: 0, duration: 0.2 },
      });
      expect(rig.rover.framesOfType('MOV')).toHaveLength(1);
    });

    it("should e-stop on anyone's stop, viewer included", async () => {
      const socket = await connect(rig.viewer.accessToken);
      rig.rover.clear();
      const ack = (await socket.emitWithAck('command', { action: 'stop' })) as Record<
        string,
        unknown
      >;
      expect(ack).toMatchObject({ status: 'stopped', confirmed: true });
      await rig.rover.waitForFrame('EST', 500);
      expect((await rig.status()).emergency_stop).toBe(true);
    });

    it('should stop the rover within the deadman timeout + 200 ms once the driving socket closes', async () => {
      const socket = await connect(rig.operator.accessToken);
      const ack = (await socket.emitWithAck('command', {
        action: 'move',
        parameters: { forward: 0.3, turn: 0 },
      })) as { status: string };
      expect(ack.status).toBe('success');
      const pong = (await socket.emitWithAck('heartbeat')) as { type: string; lease: object };
      expect(pong).toMatchObject({ type: 'pong', lease: { active: true } });
      const closedAtNs = process.hrtime.bigint();
      socket.disconnect();
      const stp = await rig.rover.waitForFrame('STP', DEADMAN_MS + 1000);
      expect(Number(stp.receivedAtNs - closedAtNs) / 1e6).toBeLessThan(DEADMAN_MS + 200);
    });

    it('should throttle a socket flooding events with rate_limited acks, leaving other sockets alone', async () => {
      const flooder = await connect(rig.viewer.accessToken);
      const other = await connect(rig.operator.accessToken);
      const acks = (await Promise.all(
        Array.from({ length: 200 }, () => flooder.emitWithAck('heartbeat')),
      )) as { type?: string; error?: string }[];
      const limited = acks.filter((ack) => ack.error === 'rate_limited').length;
      expect(limited).toBeGreaterThan(100);
      const pong = (await other.emitWithAck('heartbeat')) as { type: string };
      expect(pong.type).toBe('pong');
    });
  });
});
