import { sampleOf, TELEMETRY_FIELDS } from '../telemetry-sample';
import { toStorable } from './storable-sample';

const ROBOT = '3f1c2a4e-1234-4abc-8def-0123456789ab';
const AT = new Date('2026-12-01T10:00:00.123Z');

describe(toStorable.name, () => {
  it('should keep every field in TELEMETRY_FIELDS order with the time in epoch milliseconds', () => {
    const row = toStorable(sampleOf(ROBOT, AT, { battery: 87.5, x: -1.25 }));
    expect(row).not.toBeNull();
    expect(row?.at).toBe(AT.getTime());
    expect(row?.values).toHaveLength(TELEMETRY_FIELDS.length);
    expect(row?.values[TELEMETRY_FIELDS.indexOf('battery')]).toBe(87.5);
    expect(row?.values[TELEMETRY_FIELDS.indexOf('x')]).toBe(-1.25);
    expect(row?.values[TELEMETRY_FIELDS.indexOf('lat')]).toBeNull();
  });

  it('should store a robot id in lower case, as PostgreSQL prints uuids', () => {
    expect(toStorable(sampleOf(ROBOT.toUpperCase(), AT, {}))?.robotId).toBe(ROBOT);
  });

  it('should store NaN and infinities as null', () => {
    const row = toStorable(sampleOf(ROBOT, AT, { x: Number.NaN, y: Infinity, z: -Infinity }));
    expect(row?.values.slice(0, 3)).toEqual([null, null, null]);
  });

  it.each([
    ['a robot id that is not a UUID', sampleOf("=cmd|' /C calc'!A0", AT, {})],
    ['an invalid date', sampleOf(ROBOT, new Date(Number.NaN), {})],
    ['a time before 1970', sampleOf(ROBOT, new Date(-1), {})],
  ])('should refuse %s', (_what, sample) => {
    expect(toStorable(sample)).toBeNull();
  });
});
