import {
  checksum,
  decodeHostLine,
  decodeRoverLine,
  encodeHostCommand,
  encodeRoverMessage,
} from './codec';
import { type HostCommand, type RoverMessage, type TelemetryReading } from './frames';

/** Builds a correctly checksummed line around any body, so a test isolates one defect. */
const framed = (body: string): string => `$${body}*${checksum(body)}`;

const telemetry: TelemetryReading = {
  position: { x: 1.204, y: 0.337, z: 0 },
  rotation: { pitch: 0, roll: 0, yaw: 0.412 },
  wheelSpeeds: { fl: 0.38, fr: 0.62, rl: 0.38, rr: 0.62 },
  battery: { voltage: 12.31, percentage: 86 },
  temperature: 31.2,
  current: 1.84,
  obstacleDistance: 2.45,
  flags: 2,
};

/**
 * A valid TEL line grown to exactly `length` bytes with trailing decimal zeros (legal up to six
 * decimals), because no host frame can legitimately get near the 120-byte limit.
 */
function paddedTelemetryLine(length: number): string {
  const line = encodeRoverMessage(812, { type: 'TEL', telemetry }).trimEnd();
  const fields = line.slice(1, line.indexOf('*')).split(',');
  for (let i = 0; i < fields.length; i++) {
    while (/\.\d{0,5}$/.test(fields[i]) && framed(fields.join(',')).length < length)
      fields[i] += '0';
  }
  const padded = framed(fields.join(','));
  if (padded.length !== length) throw new Error(`cannot pad a TEL line to ${length} bytes`);
  return padded;
}

describe('checksum', () => {
  it('should XOR every byte between $ and * into two upper-case hex digits', () => {
    expect(checksum('HBT,7')).toBe('45');
    expect(checksum('')).toBe('00');
    expect(checksum('A')).toBe('41');
    expect(checksum('AA')).toBe('00');
    expect(checksum('MOV,41,0.50,-0.25,2000')).toBe('7C');
  });

  it('should pad a small sum to two digits', () => {
    // 'A' ^ 'B' = 0x03
    expect(checksum('AB')).toBe('03');
  });
});

describe('round trips', () => {
  const hostCommands: HostCommand[] = [
    { type: 'MOV', forward: 0.5, turn: -0.25, durationMs: 2000 },
    { type: 'MOV', forward: -1, turn: 1, durationMs: 0 },
    { type: 'MOV', forward: 0, turn: 0, durationMs: 10000 },
    { type: 'STP' },
    { type: 'EST' },
    { type: 'RES' },
    { type: 'HBT' },
    { type: 'CAL' },
  ];

  it.each(hostCommands)('should decode what it encodes for host $type', (command) => {
    const line = encodeHostCommand(65535, command);
    expect(line.endsWith('\n')).toBe(true);
    expect(decodeHostLine(line.trimEnd())).toEqual({
      ok: true,
      frame: { seq: 65535, payload: command },
    });
  });

  const roverMessages: RoverMessage[] = [
    { type: 'ACK', hostSeq: 41 },
    { type: 'NAK', hostSeq: 43, reason: 'ESTOP' },
    { type: 'NAK', hostSeq: 0, reason: 'LOWBAT' },
    { type: 'DON', hostSeq: 65535 },
    { type: 'TEL', telemetry },
    { type: 'TEL', telemetry: { ...telemetry, obstacleDistance: null, flags: 15 } },
    { type: 'FLT', code: 'MOTOR_OVERCURRENT' },
    { type: 'HEL', protocolVersion: 1, firmware: 'sim-1.0' },
  ];

  it.each(roverMessages)('should decode what it encodes for rover $type', (message) => {
    const line = encodeRoverMessage(7, message);
    expect(decodeRoverLine(line.trimEnd())).toEqual({
      ok: true,
      frame: { seq: 7, payload: message },
    });
  });
});

describe('protocol document examples', () => {
  const hostLines = [
    '$MOV,41,0.50,-0.25,2000*7C',
    '$EST,42*68',
    '$MOV,43,0.20,0.00,0*61',
    '$HBT,7*45',
  ];
  const roverLines = [
    '$ACK,811,41*74',
    '$TEL,812,1.204,0.337,0.000,0.000,0.000,0.412,0.38,0.62,0.38,0.62,12.31,86,31.2,1.84,2.450,2*7E',
    '$DON,813,41*7A',
    '$ACK,814,42*72',
    '$NAK,815,43,ESTOP*0E',
  ];

  it.each(hostLines)('should decode and re-encode %s byte for byte', (line) => {
    const decoded = decodeHostLine(line);
    if (!decoded.ok) throw new Error(`dropped: ${decoded.reason}`);
    expect(encodeHostCommand(decoded.frame.seq, decoded.frame.payload)).toBe(`${line}\n`);
  });

  it.each(roverLines)('should decode and re-encode %s byte for byte', (line) => {
    const decoded = decodeRoverLine(line);
    if (!decoded.ok) throw new Error(`dropped: ${decoded.reason}`);
    expect(encodeRoverMessage(decoded.frame.seq, decoded.frame.payload)).toBe(`${line}\n`);
  });

  it('should read the example telemetry into its fields', () => {
    const decoded = decodeRoverLine(roverLines[1]);
    expect(decoded).toEqual({
      ok: true,
      frame: { seq: 812, payload: { type: 'TEL', telemetry } },
    });
  });
});

describe('dropped lines', () => {
  const cases: Array<[string, string, string]> = [
    ['a line over 120 bytes', framed(`MOV,1,0.50,0.00,0${'0'.repeat(120)}`), 'overlong'],
    ['a non-ASCII byte', framed('HBT,7\u00e9'), 'non_ascii'],
    ['a control character', framed('HBT,\u00077'), 'non_ascii'],
    ['an empty line', '', 'non_ascii'],
    ['a missing $', 'HBT,7*45', 'framing'],
    ['a missing checksum', '$HBT,7', 'framing'],
    ['a missing checksum after *', '$HBT,7*', 'framing'],
    ['a one-digit checksum', '$HBT,7*4', 'framing'],
    ['a three-digit checksum', '$HBT,7*455', 'framing'],
    ['an extra * inside the body', framed('HBT,7*'), 'framing'],
    ['a second frame glued on', `$HBT,7*45${framed('HBT,8')}`, 'framing'],
    ['a wrong checksum', '$HBT,7*46', 'checksum'],
    ['a lower-case hex checksum', '$MOV,41,0.50,-0.25,2000*7c', 'checksum'],
    ['an unknown type', framed('XYZ,1'), 'unknown_type'],
    ['a lower-case type', framed('hbt,1'), 'unknown_type'],
    ['a rover type sent by the host', framed('ACK,1,2'), 'unknown_type'],
    ['a sequence over 65535', framed('HBT,65536'), 'sequence'],
    ['a negative sequence', framed('HBT,-1'), 'sequence'],
    ['a missing sequence', framed('HBT'), 'sequence'],
    ['a field too many', framed('HBT,7,1'), 'field_count'],
    ['a field too few', framed('MOV,7,0.50,0.00'), 'field_count'],
    ['an empty trailing field', framed('STP,7,'), 'field_count'],
    ['forward above 1', framed('MOV,7,1.01,0.00,0'), 'field_value'],
    ['turn below -1', framed('MOV,7,0.00,-1.01,0'), 'field_value'],
    ['a duration above 10000', framed('MOV,7,0.00,0.00,10001'), 'field_value'],
    ['an exponent', framed('MOV,7,1e3,0.00,0'), 'field_value'],
    ['NaN', framed('MOV,7,NaN,0.00,0'), 'field_value'],
    ['Infinity', framed('MOV,7,0.00,Infinity,0'), 'field_value'],
    ['hexadecimal', framed('MOV,7,0.00,0.00,0x10'), 'field_value'],
    ['a leading +', framed('MOV,7,+0.50,0.00,0'), 'field_value'],
    ['a space in a field', framed('MOV,7, 0.50,0.00,0'), 'field_value'],
    ['an empty field', framed('MOV,7,,0.00,0'), 'field_value'],
    ['a fractional duration', framed('MOV,7,0.50,0.00,1.5'), 'field_value'],
    ['a negative duration', framed('MOV,7,0.50,0.00,-1'), 'field_value'],
  ];

  it.each(cases)('should drop %s as %s', (_name, line, reason) => {
    expect(decodeHostLine(line)).toEqual({ ok: false, reason });
  });

  it('should accept a frame of exactly 120 bytes and drop one of 121 as overlong', () => {
    expect(decodeRoverLine(paddedTelemetryLine(120))).toMatchObject({ ok: true });
    expect(decodeRoverLine(paddedTelemetryLine(121))).toEqual({ ok: false, reason: 'overlong' });
  });

  it('should ignore one trailing CR', () => {
    expect(decodeHostLine(`${framed('HBT,3')}\r`)).toEqual({
      ok: true,
      frame: { seq: 3, payload: { type: 'HBT' } },
    });
    expect(decodeHostLine(`${framed('HBT,3')}\r\r`)).toEqual({ ok: false, reason: 'non_ascii' });
  });

  it('should drop rover frames with unknown tokens or out-of-range values', () => {
    expect(decodeRoverLine(framed('NAK,1,2,NOPE'))).toEqual({ ok: false, reason: 'field_value' });
    expect(decodeRoverLine(framed('FLT,1,ON_FIRE'))).toEqual({ ok: false, reason: 'field_value' });
    expect(decodeRoverLine(framed('ACK,1,65536'))).toEqual({ ok: false, reason: 'field_value' });
    expect(decodeRoverLine(framed('HEL,1,1,bad name'))).toEqual({
      ok: false,
      reason: 'field_value',
    });
    const tel = encodeRoverMessage(1, { type: 'TEL', telemetry }).trimEnd();
    const hot = tel.slice(1, tel.indexOf('*')).replace(',31.2,', ',999.0,');
    expect(decodeRoverLine(framed(hot))).toEqual({ ok: false, reason: 'field_value' });
  });
});

describe('number formatting', () => {
  it('should never emit -0.00 for small negative values', () => {
    const line = encodeHostCommand(1, { type: 'MOV', forward: -0.001, turn: -0, durationMs: 0 });
    expect(line).toBe(`${framed('MOV,1,0.00,0.00,0')}\n`);
    const tel = encodeRoverMessage(2, {
      type: 'TEL',
      telemetry: {
        ...telemetry,
        position: { x: -0.0004, y: -0, z: -0.0001 },
        rotation: { pitch: -0.0002, roll: 0, yaw: -0.0003 },
        wheelSpeeds: { fl: -0.001, fr: -0.004, rl: -0, rr: 0 },
        current: -0.001,
      },
    });
    expect(tel).not.toMatch(/(^|,)-0\.0+(,|\*)/);
    expect(decodeRoverLine(tel.trimEnd()).ok).toBe(true);
  });

  it('should send an absent obstacle as -1 and read -1 back as null', () => {
    const line = encodeRoverMessage(3, {
      type: 'TEL',
      telemetry: { ...telemetry, obstacleDistance: null },
    });
    expect(line).toContain(',-1,2*');
    const decoded = decodeRoverLine(line.trimEnd());
    expect(decoded.ok && decoded.frame.payload.type === 'TEL' && decoded.frame.payload).toEqual({
      type: 'TEL',
      telemetry: { ...telemetry, obstacleDistance: null },
    });
  });
});
