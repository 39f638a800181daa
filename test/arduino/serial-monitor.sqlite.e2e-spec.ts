import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { type PtyPair, startPtyPair } from '../helpers/pty-pair';
import { waitUntil } from '../helpers/rover-rig';
import { connectOutcome, SocketClients } from '../helpers/socket-client';
import { toolchainUnavailableReason } from '../helpers/toolchain';

interface DataMessage {
  type: 'data';
  timestamp: string;
  data: string;
  dropped: number;
}
interface StatusMessage {
  type: string;
  port: string;
  reason: string | null;
}
type Ack = { type?: string; error?: string; statusCode?: number; message?: string };

/** The board's end of the cable: what the sketch would print, and what it would read. */
function openBoardEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  return new Promise((resolve, reject) => port.open((e) => (e ? reject(e) : resolve(port))));
}

describe('the /serial monitor (API.md §7)', () => {
  let t: TestApp;
  let workDir: string;
  let board: PtyPair;
  let roverPty: PtyPair;
  let boardEnd: SerialPort;
  let operator: Session;
  let viewer: Session;
  const sockets = new SocketClients();

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
    board = await startPtyPair();
    roverPty = await startPtyPair();
    t = await createTestApp({
      env: {
        ARDUINO_WORK_DIR: workDir,
        ARDUINO_EXTRA_PORTS: `${board.hostPath},${roverPty.hostPath}`,
        SERIAL_PORT: roverPty.hostPath,
        THROTTLE_LIMIT: '100000',
      },
    });
    const admin = await loginAdmin(t.baseUrl);
    operator = await createUserAndLogin(t.baseUrl, admin, 'operator');
    viewer = await createUserAndLogin(t.baseUrl, admin, 'viewer');
    boardEnd = await openBoardEnd(board.roverPath);
  }, 60_000);
  afterAll(async () => {
    sockets.closeAll();
    await new Promise<void>((r) => (boardEnd?.isOpen ? boardEnd.close(() => r()) : r()));
    await t?.close();
    await board?.close();
    await roverPty?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function connect(session: Session): Promise<Socket> {
    const socket = sockets.open(`${t.baseUrl}/serial`, { auth: { token: session.accessToken } });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    return socket;
  }

  it('should refuse a connection without a token at the handshake', async () => {
    const socket = sockets.open(`${t.baseUrl}/serial`, { auth: {} });
    const outcome = await connectOutcome(socket);
    expect(outcome.connected).toBe(false);
  });

  it("should stream the board's output to a viewer, and refuse the viewer's writes", async () => {
    const socket = await connect(viewer);
    const received: DataMessage[] = [];
    socket.on('data', (m: DataMessage) => received.push(m));
    const opened = (await socket.emitWithAck('open', {
      port: board.hostPath,
      baudrate: 115200,
    })) as Ack;
    expect(opened).toEqual({ type: 'opened', port: board.hostPath });
    boardEnd.write('hello from the board\n');
    await waitUntil(
      'the line',
      () =>
        received
          .map((m) => m.data)
          .join('')
          .includes('hello from the board\n'),
      3000,
    );
    expect(received[0]).toMatchObject({ type: 'data', timestamp: expect.any(String), dropped: 0 });
    const refused = (await socket.emitWithAck('write', { data: 'x' })) as Ack;
    expect(refused).toMatchObject({ statusCode: 403, error: 'forbidden' });
    expect((await socket.emitWithAck('close')) as Ack).toEqual({ type: 'closed' });
  });

  it('should keep a UTF-8 character whole when its bytes arrive in two batches', async () => {
    const socket = await connect(viewer);
    const received: DataMessage[] = [];
    socket.on('data', (m: DataMessage) => received.push(m));
    await socket.emitWithAck('open', { port: board.hostPath });
    const e = Buffer.from('é\n', 'utf8');
    boardEnd.write(e.subarray(0, 1));
    await new Promise((r) => setTimeout(r, 100)); // past the 20 ms batch
    boardEnd.write(e.subarray(1));
    await waitUntil(
      'the line',
      () =>
        received
          .map((m) => m.data)
          .join('')
          .includes('\n'),
      3000,
    );
    expect(received.map((m) => m.data).join('')).toBe('é\n');
    await socket.emitWithAck('close');
  });

  it("should write an operator's data to the board", async () => {
    const socket = await connect(operator);
    await socket.emitWithAck('open', { port: board.hostPath });
    const got: Buffer[] = [];
    const onData = (chunk: Buffer) => got.push(chunk);
    boardEnd.on('data', onData);
    try {
      expect((await socket.emitWithAck('write', { data: 'LED ON\n' })) as Ack).toEqual({
        type: 'written',
        bytes: 7,
      });
      await waitUntil(
        'the bytes on the board',
        () => Buffer.concat(got).toString().includes('LED ON\n'),
        3000,
      );
    } finally {
      boardEnd.off('data', onData);
      await socket.emitWithAck('close');
    }
  });

  it('should give a second monitor of the same port port_busy at once', async () => {
    const first = await connect(viewer);
    const second = await connect(operator);
    await first.emitWithAck('open', { port: board.hostPath });
    const started = Date.now();
    const busy = (await second.emitWithAck('open', { port: board.hostPath })) as Ack;
    expect(busy).toMatchObject({ statusCode: 409, error: 'port_busy' });
    expect(Date.now() - started).toBeLessThan(1000);
    await first.emitWithAck('close');
    expect((await second.emitWithAck('open', { port: board.hostPath })) as Ack).toMatchObject({
      type: 'opened',
    });
    await second.emitWithAck('close');
  });

  it("should never open the rover's port while the rover link holds it", async () => {
    const socket = await connect(operator);
    const busy = (await socket.emitWithAck('open', { port: roverPty.hostPath })) as Ack;
    expect(busy).toMatchObject({ statusCode: 409, error: 'port_busy' });
  });

  it.each<[string, object, string]>([
    ['a port that is not listed', { port: '/dev/sda' }, 'port'],
    ['a port with shell syntax', { port: 'COM1;x' }, 'port'],
    ['a baud rate that is not standard', { port: '/dev/null', baudrate: 1234 }, 'baudrate'],
    ['an unknown field', { port: '/dev/null', flow: 'rts' }, 'flow'],
  ])('should refuse %s with a validation error naming %s', async (_label, payload, field) => {
    const socket = await connect(operator);
    const ack = (await socket.emitWithAck('open', payload)) as Ack & {
      details?: { field: string }[];
    };
    expect(ack).toMatchObject({ statusCode: 400 });
    expect((ack.details ?? []).map((d) => d.field)).toContain(field);
  });

  it('should refuse a write of more than 4096 characters, and a write before open', async () => {
    const socket = await connect(operator);
    expect((await socket.emitWithAck('write', { data: 'x'.repeat(4097) })) as Ack).toMatchObject({
      statusCode: 400,
    });
    expect((await socket.emitWithAck('write', { data: 'x' })) as Ack).toMatchObject({
      statusCode: 409,
    });
  });

  const withToolchain = toolchainUnavailableReason() === undefined ? it : it.skip;
  withToolchain(
    'should pause the monitor while an upload uses its port, and resume it after',
    async () => {
      const compiled = await request(t.baseUrl)
        .post('/api/arduino/compile')
        .set('Authorization', `Bearer ${operator.accessToken}`)
        .send({ code: 'void setup() {}\nvoid loop() {}\n' })
        .expect(200);
      const socket = await connect(viewer);
      const statuses: StatusMessage[] = [];
      const received: DataMessage[] = [];
      socket.on('status', (m: StatusMessage) => statuses.push(m));
      socket.on('data', (m: DataMessage) => received.push(m));
      await socket.emitWithAck('open', { port: board.hostPath });
      // The board end answers nothing a bootloader would, so avrdude gives up: the pause is what counts.
      const upload = await request(t.baseUrl)
        .post('/api/arduino/upload')
        .set('Authorization', `Bearer ${operator.accessToken}`)
        .send({ compilation_id: compiled.body.compilation_id, port: board.hostPath });
      expect(upload.status).toBe(502);
      await waitUntil('resumed', () => statuses.some((s) => s.type === 'resumed'), 3000);
      expect(statuses.map((s) => s.type)).toEqual(['opened', 'paused', 'resumed']);
      received.length = 0;
      boardEnd.write('after the upload\n');
      await waitUntil(
        'output after resume',
        () =>
          received
            .map((m) => m.data)
            .join('')
            .includes('after the upload'),
        3000,
      );
      await socket.emitWithAck('close');
    },
    60_000,
  );
});
