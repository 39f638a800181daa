import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { encodeRoverMessage } from '../../src/hardware/protocol/codec';
import type { RoverMessage } from '../../src/hardware/protocol/frames';
import { bearer, createUserAndLogin, type Session } from '../helpers/auth';
import { counterTotal, RoverRig, waitUntil } from '../helpers/rover-rig';

/** A frame as the rover would send it, then with its checksum broken. */
function corrupted(message: RoverMessage, seq = 999): string {
  const line = encodeRoverMessage(seq, message);
  const sum = line.slice(-3, -1);
  const wrong = ((parseInt(sum, 16) + 1) % 256).toString(16).toUpperCase().padStart(2, '0');
  return `${line.slice(0, -3)}${wrong}\n`;
}

const telemetry = (obstacleDistance: number, percentage: number): RoverMessage => ({
  type: 'TEL',
  telemetry: {
    position: { x: 99, y: 99, z: 0 },
    rotation: { pitch: 0, roll: 0, yaw: 0 },
    wheelSpeeds: { fl: 0, fr: 0, rl: 0, rr: 0 },
    battery: { voltage: 9.1, percentage },
    temperature: 20,
    current: 0,
    obstacleDistance,
    flags: 0,
  },
});

describe('rover input hardening over a real pty', () => {
  let rig: RoverRig;

  beforeAll(async () => {
    rig = await RoverRig.start({ env: { COMMAND_ACK_TIMEOUT_MS: '400' } });
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.reset());

  describe('from the operator: POST /api/rover/control', () => {
    // Refused requests count against the 10/s control limit too (guards run before validation):
    // a user of its own, and a watch window that keeps this well under 10 a second.
    let sender: Session;
    beforeAll(async () => {
      sender = await createUserAndLogin(rig.baseUrl, rig.admin, 'operator');
    });

    it.each<[string, string, string | null]>([
      ['forward 1e309 (Infinity once parsed)', '{"forward":1e309,"turn":0}', 'forward'],
      ['turn -1e309', '{"forward":0,"turn":-1e309}', 'turn'],
      ['forward as a string', '{"forward":"0.5","turn":0}', 'forward'],
      ['forward as a boolean', '{"forward":true,"turn":0}', 'forward'],
      ['forward 2', '{"forward":2,"turn":0}', 'forward'],
      ['forward -1.0001', '{"forward":-1.0001,"turn":0}', 'forward'],
      ['turn 1.5', '{"forward":0.5,"turn":1.5}', 'turn'],
      ['duration 0', '{"forward":0.5,"turn":0,"duration":0}', 'duration'],
      ['duration -1', '{"forward":0.5,"turn":0,"duration":-1}', 'duration'],
      ['duration 10.5', '{"forward":0.5,"turn":0,"duration":10.5}', 'duration'],
      ['duration as a string', '{"forward":0.5,"turn":0,"duration":"2"}', 'duration'],
      ['duration null', '{"forward":0.5,"turn":0,"duration":null}', 'duration'],
      ['forward null', '{"forward":null,"turn":0}', 'forward'],
      ['an unknown field', '{"forward":0.5,"turn":0,"speed":1}', 'speed'],
      ['a missing turn', '{"forward":0.5}', 'turn'],
      ['NaN (not JSON)', '{"forward":NaN,"turn":0}', null],
      ['an array body', '[0.5,0]', null],
      ['a truncated body', '{"forward":0.5,"turn":', null],
    ])('should answer 400 to %s and write no MOV', async (_name, body, field) => {
      const res = await rig.control(sender, body);
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
      if (field !== null) {
        expect(res.body.error).toBe('validation_failed');
        const fields = (res.body.details as { field: string }[]).map((d) => d.field);
        expect(fields).toContain(field);
      }
      await rig.rover.expectNoFrame('MOV', 150);
    });

    it('should send |v| < 0.01 as 0 and round to 2 decimals on the wire and in the answer', async () => {
      const res = await rig.control(rig.operator, { forward: 0.123, turn: 0.005 });
      expect(res.status).toBe(200);
      expect(res.body.executed_command).toEqual({ forward: 0.12, turn: 0, duration: null });
      const back = await rig.control(rig.operator, { forward: -0.004, turn: -0.987 });
      expect(back.status).toBe(200);
      expect(back.body.executed_command).toEqual({ forward: 0, turn: -0.99, duration: null });
      expect(rig.rover.framesOfType('MOV').map((mov) => mov.fields)).toEqual([
        ['0.12', '0.00', '0'],
        ['0.00', '-0.99', '0'],
      ]);
    });

    it('should send a timed move as whole milliseconds (2.5 s -> 2500)', async () => {
      const res = await rig.control(rig.operator, { forward: 0.2, turn: 0, duration: 2.5 });
      expect(res.status).toBe(200);
      expect(res.body.executed_command.duration).toBe(2.5);
      expect((await rig.rover.waitForFrame('MOV', 1000)).fields).toEqual(['0.20', '0.00', '2500']);
    });

    it('should send a duration as its nearest whole millisecond (2.007 s -> 2007, not 2008)', async () => {
      const res = await rig.control(rig.operator, { forward: 0.2, turn: 0, duration: 2.007 });
      expect(res.status).toBe(200);
      expect((await rig.rover.waitForFrame('MOV', 1000)).fields[2]).toBe('2007');
    });

    it('should never turn a tiny duration into an unbounded move (durationMs 0 means "until the next command")', async () => {
      const res = await rig.control(rig.operator, { forward: 0.5, turn: 0, duration: 0.0004 });
      if (res.status === 400) return; // refusing it is fine
      expect(res.status).toBe(200);
      const mov = await rig.rover.waitForFrame('MOV', 1000);
      expect(mov.fields[2]).not.toBe('0');
    });
  });

  describe('from the rover: corrupt and hostile bytes', () => {
    it('should drop and count 10 KB of random bytes and corrupt lines, keep the link up and act on none of them', async () => {
      const droppedBefore = await counterTotal(rig.baseUrl, 'rover_frames_dropped_total');
      await waitUntil(
        'a first telemetry reading',
        async () => (await rig.status()).battery.percentage === 80,
        2000,
      );

      // No genuine telemetry while the garbage goes in, so a corrupt reading that got through would
      // still be on the status afterwards (HBT ACKs keep the link up meanwhile).
      rig.rover.telemetryPaused = true;
      await rig.rover.writeRaw(randomBytes(10 * 1024));
      await rig.rover.writeRaw('\n');
      // Lines that would each change something if they were believed: an obstacle and a flat
      // battery, a fault, and a TEL whose checksum is right but whose obstacle is out of range.
      await rig.rover.writeRaw(corrupted(telemetry(0.1, 5)));
      await rig.rover.writeRaw(corrupted({ type: 'FLT', code: 'MOTOR_OVERCURRENT' }));
      await rig.rover.writeRaw(encodeRoverMessage(998, telemetry(5000, 5)));
      await rig.rover.writeRaw('$TEL,1,2,3*00\r\n$\n*\n\x00\x01\x02\n');

      const droppedAfter = await waitUntil(
        'the drops to be counted',
        async () => {
          const total = await counterTotal(rig.baseUrl, 'rover_frames_dropped_total');
          return total >= droppedBefore + 7 ? total : undefined;
        },
        2000,
      );
      expect(droppedAfter).toBeGreaterThanOrEqual(droppedBefore + 7);

      const status = await rig.status();
      expect(status.connected).toBe(true);
      expect(status.obstacle_distance).toBeNull();
      expect(status.battery.percentage).toBe(80);
      expect(status.battery.voltage).toBe(12.3);
      const alerts = await request(rig.baseUrl)
        .get('/api/alerts?limit=100')
        .set(...bearer(rig.viewer));
      const kinds = (alerts.body.items as { kind: string }[]).map((a) => a.kind);
      expect(kinds).not.toContain('fault');
      expect(kinds).not.toContain('low_battery');

      rig.rover.telemetryPaused = false;
      await waitUntil('telemetry again', async () => (await rig.status()).connected, 2000);

      const res = await rig.control(rig.operator, { forward: 0.3, turn: 0 });
      expect(res.status).toBe(200);
    });

    it('should not take an ACK with a bad checksum as the acknowledgement of a command', async () => {
      rig.rover.setMode('silent');
      const pending = rig.control(rig.operator, { forward: 0.3, turn: 0 }).then((r) => r);
      const mov = await rig.rover.waitForFrame('MOV', 1000);
      await rig.rover.writeRaw(corrupted({ type: 'ACK', hostSeq: mov.seq }));

      const res = await pending;
      expect(res.status).toBe(504);
      expect(res.body.error).toBe('command_timeout');
    });

    it('should not take a NAK with a bad checksum as a refusal either', async () => {
      rig.rover.setMode('silent');
      const pending = rig.control(rig.operator, { forward: 0.3, turn: 0 }).then((r) => r);
      const mov = await rig.rover.waitForFrame('MOV', 1000);
      await rig.rover.writeRaw(corrupted({ type: 'NAK', hostSeq: mov.seq, reason: 'ESTOP' }));
      // The genuine ACK that follows is what counts.
      rig.rover.send({ type: 'ACK', hostSeq: mov.seq });

      const res = await pending;
      expect(res.status).toBe(200);
    });

    it('should survive a flood with no newline at all (no unbounded buffering) and recover on the next line', async () => {
      const droppedBefore = await counterTotal(rig.baseUrl, 'rover_frames_dropped_total');
      await rig.rover.writeRaw(Buffer.alloc(64 * 1024, 'A'));
      await rig.rover.writeRaw('\n');
      await waitUntil(
        'a valid TEL after the flood',
        async () => (await rig.status()).connected,
        2000,
      );
      // The ACK behind the flood is parsed: the splitter resynchronised on the newline.
      expect((await rig.control(rig.operator, { forward: 0.1, turn: 0 })).status).toBe(200);
      // /metrics serves a rendering cached for about a second, so the count may lag that long.
      await waitUntil(
        'the dropped flood counted',
        async () => (await counterTotal(rig.baseUrl, 'rover_frames_dropped_total')) > droppedBefore,
        3000,
        100,
      );
    });
  });
});
