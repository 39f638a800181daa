import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { waitUntil } from '../helpers/rover-rig';
import {
  describeWithSimulatedUno,
  type SimulatedUno,
  startSimulatedUno,
} from '../helpers/simulated-uno';
import { connectOutcome, SocketClients } from '../helpers/socket-client';

const GREETER = `unsigned long n = 0;
void setup() { Serial.begin(115200); }
void loop() { Serial.print("hello from uno "); Serial.println(n++); delay(100); }
`;

interface DataMessage {
  data: string;
}
interface StatusMessage {
  type: string;
}

/**
 * The upload path end to end: the service compiles with arduino-builder, avrdude flashes the
 * simulated Uno through Optiboot over a pty, and the /serial monitor reads what the sketch prints.
 */
describeWithSimulatedUno('compile, flash and monitor a simulated Uno through the service', () => {
  let uno: SimulatedUno;
  let t: TestApp;
  let workDir: string;
  let operator: Session;
  const sockets = new SocketClients();

  beforeAll(async () => {
    uno = await startSimulatedUno();
    workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
    t = await createTestApp({
      env: { ARDUINO_WORK_DIR: workDir, ARDUINO_EXTRA_PORTS: uno.port, THROTTLE_LIMIT: '100000' },
    });
    operator = await createUserAndLogin(t.baseUrl, await loginAdmin(t.baseUrl), 'operator');
  }, 180_000);
  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
    await uno?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const post = (path: string, body: object) =>
    request(t.baseUrl).post(path).set('Authorization', `Bearer ${operator.accessToken}`).send(body);

  async function uploadWithReset(compilationId: string) {
    // A pty has no DTR: the test presses RESET where a real Uno's auto-reset would. Twice at most,
    // for a machine so busy that avrdude misses the bootloader's one-second window.
    let res = await (uno.reset(),
    post('/api/arduino/upload', { compilation_id: compilationId, port: uno.port }));
    if (res.status === 502)
      res = await (uno.reset(),
      post('/api/arduino/upload', { compilation_id: compilationId, port: uno.port }));
    return res;
  }

  it('should flash the sketch with the real avrdude and then read its output on the monitor', async () => {
    const compiled = await post('/api/arduino/compile', { code: GREETER }).expect(200);
    const uploaded = await uploadWithReset(compiled.body.compilation_id as string);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({
      status: 'uploaded',
      port: uno.port,
      upload_time: expect.any(Number),
      board_info: { name: 'Arduino Uno', fqbn: 'arduino:avr:uno' },
    });
    expect(uploaded.body.output).toMatch(/bytes of flash verified/);
    console.log(`upload to the simulated Uno: ${uploaded.body.upload_time} s`);

    const socket: Socket = sockets.open(`${t.baseUrl}/serial`, {
      auth: { token: operator.accessToken },
    });
    const outcome = await connectOutcome(socket);
    if (!outcome.connected) throw outcome.error;
    const output: string[] = [];
    socket.on('data', (m: DataMessage) => output.push(m.data));
    expect(await socket.emitWithAck('open', { port: uno.port, baudrate: 115200 })).toMatchObject({
      type: 'opened',
    });
    await waitUntil(
      'the sketch greeting',
      () => /hello from uno \d+\r?\n/.test(output.join('')),
      5000,
    );
  }, 120_000);

  it('should pause the monitor for a second upload and resume it with the new sketch talking', async () => {
    const output: string[] = [];
    const statuses: string[] = [];
    sockets.closeAll(); // the first test's monitor, so that this one can open the port
    const fresh: Socket = sockets.open(`${t.baseUrl}/serial`, {
      auth: { token: operator.accessToken },
    });
    if (!(await connectOutcome(fresh)).connected) throw new Error('no socket');
    fresh.on('data', (m: DataMessage) => output.push(m.data));
    fresh.on('status', (m: StatusMessage) => statuses.push(m.type));
    await waitUntil(
      'the port free',
      async () =>
        ((await fresh.emitWithAck('open', { port: uno.port })) as { type?: string }).type ===
        'opened',
      3000,
    );

    const compiled = await post('/api/arduino/compile', {
      code: GREETER.replace('hello from uno', 'second sketch'),
    }).expect(200);
    const uploaded = await uploadWithReset(compiled.body.compilation_id as string);
    expect(uploaded.status).toBe(200);
    await waitUntil('resumed', () => statuses.includes('resumed'), 5000);
    expect(statuses.slice(-2)).toEqual(['paused', 'resumed']);
    await waitUntil('the new sketch', () => /second sketch \d+/.test(output.join('')), 5000);
  }, 120_000);
});
