import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { bearer, createUserAndLogin, loginAdmin, type Session } from '../helpers/auth';
import { createTestApp, type TestApp } from '../helpers/create-test-app';
import { waitUntil } from '../helpers/rover-rig';
import {
  describeWithSimulatedUno,
  type SimulatedUno,
  startSimulatedUno,
} from '../helpers/simulated-uno';

const FIRMWARE = readFileSync(resolve(__dirname, '../../firmware/rover/rover.ino'), 'utf8');

interface Status {
  connected: boolean;
  emergency_stop: boolean;
  link: { state: string };
}

/**
 * The rover firmware's first end-to-end test: the service holds the simulated Uno's port as the
 * rover link (nothing answers: its flash is empty), flashes firmware/rover/rover.ino onto it through
 * the link's hand-over, and the real HardwareService then talks to the real sketch. The board
 * resets on every open of its port, as a real Uno does.
 */
describeWithSimulatedUno(
  'the rover firmware on a simulated Uno, flashed through the service',
  () => {
    let uno: SimulatedUno;
    let t: TestApp;
    let workDir: string;
    let operator: Session;

    beforeAll(async () => {
      uno = await startSimulatedUno({ resetOnOpen: true });
      workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
      t = await createTestApp({
        env: {
          ARDUINO_WORK_DIR: workDir,
          ARDUINO_EXTRA_PORTS: uno.port,
          SERIAL_PORT: uno.port,
          THROTTLE_LIMIT: '100000',
        },
      });
      operator = await createUserAndLogin(t.baseUrl, await loginAdmin(t.baseUrl), 'operator');
    }, 180_000);
    afterAll(async () => {
      await t?.close();
      await uno?.close();
      rmSync(workDir, { recursive: true, force: true });
    });

    const status = async () => (await request(t.baseUrl).get('/api/rover/status')).body as Status;

    it('should flash the firmware onto the rover port and bring the link up with the real sketch, which ACKs a move and the e-stop', async () => {
      const compiled = await request(t.baseUrl)
        .post('/api/arduino/compile')
        .set(...bearer(operator))
        .send({ code: FIRMWARE })
        .expect(200);
      // Like a real Uno on USB, the simulated one resets when avrdude opens its port. Once more on a
      // 502: on a loaded machine the simulated chip can fall behind avrdude's one-attempt timing.
      const upload = () =>
        request(t.baseUrl)
          .post('/api/arduino/upload')
          .set(...bearer(operator))
          .send({ compilation_id: compiled.body.compilation_id, port: uno.port });
      let uploaded = await upload();
      if (uploaded.status === 502) {
        console.log(`first upload failed, retrying: ${String(uploaded.body.output).slice(-300)}`);
        await waitUntil(
          'the link back',
          async () => (await status()).link.state !== 'down',
          10_000,
        ).catch(() => undefined);
        uploaded = await upload();
      }
      expect(uploaded.status).toBe(200);

      await waitUntil(
        'the link up with the firmware',
        async () => (await status()).link.state === 'up',
        15_000,
      );
      const control = await request(t.baseUrl)
        .post('/api/rover/control')
        .set(...bearer(operator))
        .send({ forward: 0.2, turn: 0, duration: 0.5 });
      expect(control.status).toBe(200); // 200 only once the real sketch has ACKed the MOV
      expect(control.body).toMatchObject({ status: 'success', executed_command: { forward: 0.2 } });
      const estop = await request(t.baseUrl)
        .post('/api/rover/emergency-stop')
        .set(...bearer(operator));
      expect(estop.status).toBe(200);
      expect(estop.body).toMatchObject({ status: 'stopped', confirmed: true });
      expect((await status()).emergency_stop).toBe(true);
    }, 120_000);
  },
);
