import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from '../helpers/auth';
import { expectErrorEnvelope } from '../helpers/catalog-envelope';
import { RoverRig, waitUntil } from '../helpers/rover-rig';
import { describeWithToolchain } from '../helpers/toolchain';

const BLINK =
  'void setup() { pinMode(13, OUTPUT); }\nvoid loop() { digitalWrite(13, !digitalRead(13)); delay(200); }\n';

/**
 * Flashing the rover's own board: the link hands the port over (rover stopped, port closed,
 * reconnects held), avrdude gets it, and the link takes it back with the latch first. The fake rover
 * speaks the rover protocol, not a bootloader's, so avrdude's upload fails, which is what a board
 * without a bootloader does; what is under test is everything around it.
 */
describeWithToolchain("an upload to the rover's own port", () => {
  let rig: RoverRig;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'rmc-arduino-'));
    rig = await RoverRig.start({ env: { ARDUINO_WORK_DIR: workDir } });
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('should stop the rover, hand the port over, refuse motion meanwhile, and take it back with the latch first', async () => {
    const compiled = await request(rig.baseUrl)
      .post('/api/arduino/compile')
      .set(...bearer(rig.operator))
      .send({ code: BLINK })
      .expect(200);
    expect((await rig.estop(rig.operator)).status).toBe(200);
    await rig.rover.waitForFrame('EST', 2000);
    rig.rover.clear();

    const upload = request(rig.baseUrl)
      .post('/api/arduino/upload')
      .set(...bearer(rig.operator))
      .send({ compilation_id: compiled.body.compilation_id, port: rig.pty.hostPath })
      .then((res) => res);
    await rig.rover.waitForFrame('STP', 2000); // stopped before the port is let go
    await rig.waitForLink('down', 3000);
    const handedOverAt = Date.now();

    const refused = await rig.control(rig.operator, { forward: 0.3, turn: 0 });
    expect(refused.status).toBe(409); // still latched: the latch refuses first
    const status = await rig.status();
    expect(status.emergency_stop).toBe(true);

    const res = await upload;
    expectErrorEnvelope(res, 502, 'upload_failed');

    await rig.waitForLink('up', 8000);
    await waitUntil(
      'a frame after the hand-over',
      () => rig.rover.frames.some((f) => f.receivedAt > handedOverAt),
      5000,
    );
    const afterHandOver = rig.rover.frames.filter((f) => f.receivedAt > handedOverAt);
    expect(afterHandOver[0].type).toBe('EST');
    expect((await rig.status()).emergency_stop).toBe(true);
    rig.rover.invalidLines.length = 0; // avrdude's bytes, not the service's
  }, 60_000);

  it('should refuse a second upload to the rover port while the first holds it', async () => {
    const compiled = await request(rig.baseUrl)
      .post('/api/arduino/compile')
      .set(...bearer(rig.operator))
      .send({ code: BLINK.replace('200', '250') })
      .expect(200);
    const send = () =>
      request(rig.baseUrl)
        .post('/api/arduino/upload')
        .set(...bearer(rig.operator))
        .send({ compilation_id: compiled.body.compilation_id, port: rig.pty.hostPath });
    const results = await Promise.all([send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual([409, 502]);
    expectErrorEnvelope(
      results.find((r) => r.status === 409)!,
      409,
      'port_busy',
    );
    await rig.waitForLink('up', 8000);
    rig.rover.invalidLines.length = 0;
  }, 60_000);
});
