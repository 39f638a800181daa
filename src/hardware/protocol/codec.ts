import {
  type Decoded,
  type DropReason,
  FAULT_CODES,
  type FaultCode,
  type HostCommand,
  MAX_FRAME_BYTES,
  MAX_SEQ,
  NAK_REASONS,
  type NakReason,
  type RoverMessage,
  type TelemetryReading,
} from './frames';

/** NMEA-style checksum: XOR of every byte between `$` and `*`, as two upper-case hex digits. */
export function checksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

function frameLine(type: string, seq: number, fields: readonly string[]): string {
  const body = [type, String(seq), ...fields].join(',');
  return `$${body}*${checksum(body)}\n`;
}

const fixed = (value: number, digits: number): string => {
  const text = value.toFixed(digits);
  return text === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : text; // no "-0.00" on the wire
};

export function encodeHostCommand(seq: number, command: HostCommand): string {
  switch (command.type) {
    case 'MOV':
      return frameLine('MOV', seq, [
        fixed(command.forward, 2),
        fixed(command.turn, 2),
        String(Math.round(command.durationMs)),
      ]);
    case 'STP':
    case 'EST':
    case 'RES':
    case 'HBT':
    case 'CAL':
      return frameLine(command.type, seq, []);
  }
}

export function encodeRoverMessage(seq: number, message: RoverMessage): string {
  switch (message.type) {
    case 'ACK':
    case 'DON':
      return frameLine(message.type, seq, [String(message.hostSeq)]);
    case 'NAK':
      return frameLine('NAK', seq, [String(message.hostSeq), message.reason]);
    case 'FLT':
      return frameLine('FLT', seq, [message.code]);
    case 'HEL':
      return frameLine('HEL', seq, [String(message.protocolVersion), message.firmware]);
    case 'TEL': {
      const t = message.telemetry;
      return frameLine('TEL', seq, [
        fixed(t.position.x, 3),
        fixed(t.position.y, 3),
        fixed(t.position.z, 3),
        fixed(t.rotation.pitch, 3),
        fixed(t.rotation.roll, 3),
        fixed(t.rotation.yaw, 3),
        fixed(t.wheelSpeeds.fl, 2),
        fixed(t.wheelSpeeds.fr, 2),
        fixed(t.wheelSpeeds.rl, 2),
        fixed(t.wheelSpeeds.rr, 2),
        fixed(t.battery.voltage, 2),
        String(Math.round(t.battery.percentage)),
        fixed(t.temperature, 1),
        fixed(t.current, 2),
        t.obstacleDistance === null ? '-1' : fixed(t.obstacleDistance, 3),
        String(t.flags),
      ]);
    }
  }
}

const NUMBER = /^-?\d{1,7}(\.\d{1,6})?$/;
const UINT = /^\d{1,5}$/;
const TOKEN = /^[A-Z_]{1,24}$/;
const FIRMWARE = /^[A-Za-z0-9._-]{1,24}$/;
// Printable ASCII only, and none of the framing characters inside the body.
const BODY = /^[\x20-\x7e]+$/;

class FieldError extends Error {
  constructor(readonly reason: DropReason) {
    super(reason);
  }
}

function num(field: string, min: number, max: number): number {
  if (!NUMBER.test(field)) throw new FieldError('field_value');
  const value = Number(field);
  if (value < min || value > max) throw new FieldError('field_value');
  return value;
}

function uint(field: string, max: number): number {
  if (!UINT.test(field)) throw new FieldError('field_value');
  const value = Number(field);
  if (value > max) throw new FieldError('field_value');
  return value;
}

function oneOf<T extends string>(field: string, allowed: readonly T[]): T {
  if (!TOKEN.test(field) || !(allowed as readonly string[]).includes(field))
    throw new FieldError('field_value');
  return field as T;
}

/**
 * Splits a line into type, sequence and fields after checking everything a corrupt or hostile line
 * could get wrong. It never throws: anything off is a drop reason.
 */
function unframe(
  line: string,
): { ok: true; type: string; seq: number; fields: string[] } | { ok: false; reason: DropReason } {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.length > MAX_FRAME_BYTES) return { ok: false, reason: 'overlong' };
  if (!BODY.test(text)) return { ok: false, reason: 'non_ascii' };
  const star = text.lastIndexOf('*');
  if (text[0] !== '$' || star < 0 || star !== text.length - 3)
    return { ok: false, reason: 'framing' };
  const body = text.slice(1, star);
  if (body.includes('$') || body.includes('*')) return { ok: false, reason: 'framing' };
  if (text.slice(star + 1) !== checksum(body)) return { ok: false, reason: 'checksum' };
  const [type, seqText, ...fields] = body.split(',');
  if (!/^[A-Z]{3}$/.test(type)) return { ok: false, reason: 'unknown_type' };
  if (!UINT.test(seqText) || Number(seqText) > MAX_SEQ) return { ok: false, reason: 'sequence' };
  return { ok: true, type, seq: Number(seqText), fields };
}

function decodeWith<T>(
  line: string,
  parsers: Record<string, { fields: number; parse: (f: string[]) => T }>,
): Decoded<T> {
  const head = unframe(line);
  if (!head.ok) return head;
  const parser = parsers[head.type];
  if (!parser) return { ok: false, reason: 'unknown_type' };
  if (head.fields.length !== parser.fields) return { ok: false, reason: 'field_count' };
  try {
    return { ok: true, frame: { seq: head.seq, payload: parser.parse(head.fields) } };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, reason: error.reason };
    throw error;
  }
}

const ROVER_PARSERS: Record<string, { fields: number; parse: (f: string[]) => RoverMessage }> = {
  ACK: { fields: 1, parse: ([s]) => ({ type: 'ACK', hostSeq: uint(s, MAX_SEQ) }) },
  DON: { fields: 1, parse: ([s]) => ({ type: 'DON', hostSeq: uint(s, MAX_SEQ) }) },
  NAK: {
    fields: 2,
    parse: ([s, r]) => ({
      type: 'NAK',
      hostSeq: uint(s, MAX_SEQ),
      reason: oneOf<NakReason>(r, NAK_REASONS),
    }),
  },
  FLT: { fields: 1, parse: ([c]) => ({ type: 'FLT', code: oneOf<FaultCode>(c, FAULT_CODES) }) },
  HEL: {
    fields: 2,
    parse: ([v, fw]) => {
      if (!FIRMWARE.test(fw)) throw new FieldError('field_value');
      return { type: 'HEL', protocolVersion: uint(v, 255), firmware: fw };
    },
  },
  TEL: {
    fields: 16,
    parse: (f) => {
      const obstacle = num(f[14], -1, 1000);
      const telemetry: TelemetryReading = {
        position: { x: num(f[0], -1e6, 1e6), y: num(f[1], -1e6, 1e6), z: num(f[2], -1e4, 1e4) },
        rotation: { pitch: num(f[3], -7, 7), roll: num(f[4], -7, 7), yaw: num(f[5], -7, 7) },
        wheelSpeeds: {
          fl: num(f[6], -50, 50),
          fr: num(f[7], -50, 50),
          rl: num(f[8], -50, 50),
          rr: num(f[9], -50, 50),
        },
        battery: { voltage: num(f[10], 0, 60), percentage: num(f[11], 0, 100) },
        temperature: num(f[12], -60, 200),
        current: num(f[13], -100, 100),
        obstacleDistance: obstacle < 0 ? null : obstacle,
        flags: uint(f[15], 255),
      };
      return { type: 'TEL', telemetry };
    },
  },
};

const HOST_PARSERS: Record<string, { fields: number; parse: (f: string[]) => HostCommand }> = {
  MOV: {
    fields: 3,
    parse: ([fw, tu, ms]) => ({
      type: 'MOV',
      forward: num(fw, -1, 1),
      turn: num(tu, -1, 1),
      durationMs: uint(ms, 10_000),
    }),
  },
  STP: { fields: 0, parse: () => ({ type: 'STP' }) },
  EST: { fields: 0, parse: () => ({ type: 'EST' }) },
  RES: { fields: 0, parse: () => ({ type: 'RES' }) },
  HBT: { fields: 0, parse: () => ({ type: 'HBT' }) },
  CAL: { fields: 0, parse: () => ({ type: 'CAL' }) },
};

/** What the host reads from the rover. */
export function decodeRoverLine(line: string): Decoded<RoverMessage> {
  return decodeWith(line, ROVER_PARSERS);
}

/** What the rover (or the simulator) reads from the host. */
export function decodeHostLine(line: string): Decoded<HostCommand> {
  return decodeWith(line, HOST_PARSERS);
}
