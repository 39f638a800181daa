import { sampleOf, TELEMETRY_FIELDS } from '../telemetry-sample';
import type { ExportRow } from '../storage/telemetry-samples.repository';
import { csvNumber, csvText, EXPORT_WRITERS } from './export-formats';

const ROBOT = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';

function row(
  at: string,
  values: Partial<Record<(typeof TELEMETRY_FIELDS)[number], number>>,
): ExportRow {
  const sample = sampleOf(ROBOT, new Date(at), values);
  return { robotId: sample.robotId, at: sample.at.getTime(), ...sample.values };
}

describe('export formats', () => {
  describe(csvText.name, () => {
    it("should neutralise the classic DDE payload =cmd|' /C calc'!A0", () => {
      expect(csvText("=cmd|' /C calc'!A0")).toBe(`"'=cmd|' /C calc'!A0"`);
    });

    it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])(
      'should neutralise a text cell starting with %j',
      (cell) => {
        const out = csvText(cell);
        expect(out.startsWith(`"'`)).toBe(true);
        expect(out.slice(2, -1).replace(/""/g, '"')).toBe(cell);
      },
    );

    it('should quote commas, quotes and line breaks (RFC 4180) and leave plain text alone', () => {
      expect(csvText('a,b')).toBe('"a,b"');
      expect(csvText('say "hi"')).toBe('"say ""hi"""');
      expect(csvText('two\nlines')).toBe('"two\nlines"');
      expect(csvText(ROBOT)).toBe(ROBOT);
      expect(csvText('2026-12-01T10:00:00.000Z')).toBe('2026-12-01T10:00:00.000Z');
    });
  });

  describe(csvNumber.name, () => {
    it('should keep negative numbers numeric and write null as an empty cell', () => {
      expect(csvNumber(-1.5)).toBe('-1.5');
      expect(csvNumber(2e-7)).toBe('2e-7');
      expect(csvNumber(null)).toBe('');
    });
  });

  describe('csv', () => {
    it('should write a header row, then one CRLF-terminated row per sample in field order', () => {
      const { head, rows } = EXPORT_WRITERS.csv;
      const text = head() + rows([row('2026-12-01T10:00:00.000Z', { x: -1.5, lng: 2 })], true);
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(['robotId', 'at', ...TELEMETRY_FIELDS].join(','));
      const cells = lines[1].split(',');
      expect(cells).toHaveLength(2 + TELEMETRY_FIELDS.length);
      expect(cells.slice(0, 3)).toEqual([ROBOT, '2026-12-01T10:00:00.000Z', '-1.5']);
      expect(cells[cells.length - 1]).toBe('2');
      expect(lines[2]).toBe('');
    });
  });

  describe('json', () => {
    it('should make one valid array out of pages written one by one', () => {
      const writer = EXPORT_WRITERS.json;
      const text =
        writer.head() +
        writer.rows([row('2026-12-01T10:00:00.000Z', { battery: 80 })], true) +
        writer.rows([], false) +
        writer.rows([row('2026-12-01T10:00:00.100Z', { battery: 79 })], false) +
        writer.tail();
      const parsed = JSON.parse(text) as { at: string; values: Record<string, unknown> }[];
      expect(parsed.map((r) => [r.at, r.values.battery, r.values.x])).toEqual([
        ['2026-12-01T10:00:00.000Z', 80, null],
        ['2026-12-01T10:00:00.100Z', 79, null],
      ]);
    });

    it('should make an empty array when there are no rows', () => {
      const writer = EXPORT_WRITERS.json;
      expect(JSON.parse(writer.head() + writer.rows([], true) + writer.tail())).toEqual([]);
    });
  });

  describe('ndjson', () => {
    it('should write one object per line', () => {
      const text = EXPORT_WRITERS.ndjson.rows(
        [row('2026-12-01T10:00:00.000Z', {}), row('2026-12-01T10:00:01.000Z', {})],
        true,
      );
      const lines = text.split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[2]).toBe('');
      expect((JSON.parse(lines[1]) as { robotId: string }).robotId).toBe(ROBOT);
    });
  });
});
