import { request as httpRequest, type IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { DataSource, QueryFailedError } from 'typeorm';
import { TelemetryExportController } from '../src/telemetry/export/export.controller';
import { EXPORT_PAGE_ROWS, MAX_CONCURRENT_EXPORTS } from '../src/telemetry/export/export.service';
import { TELEMETRY_FIELDS } from '../src/telemetry/telemetry-sample';
import { bearer, type Session } from './helpers/auth';
import { expectErrorEnvelope } from './helpers/auth-envelope';
import type { TestApp } from './helpers/create-test-app';
import { refusalWitness, startTelemetryApp } from './helpers/telemetry-app';
import { testDatabaseKind } from './helpers/test-database';
import {
  droppedCount,
  hoursAgo,
  newRobotId,
  series,
  storeSamples,
} from './helpers/telemetry-samples';

const EXPORT = '/api/data/export';

/** A full garbage collection, without starting Node with --expose-gc. */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const HOSTILE = "=cmd|' /C calc'!A0";

/** An export request on a raw socket: the body is read as it arrives and never kept whole. */
function openExport(
  t: TestApp,
  session: Session,
  body: Record<string, unknown>,
): Promise<IncomingMessage> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${t.baseUrl}${EXPORT}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${session.accessToken}`,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      },
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(payload);
  });
}

describe(`${TelemetryExportController.name} (e2e, API.md §5)`, () => {
  let t: TestApp;
  let viewer: Session;

  beforeAll(async () => {
    ({ t, viewer } = await startTelemetryApp());
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>) =>
    request(t.baseUrl)
      .post(EXPORT)
      .set(...bearer(viewer))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .send(body);

  describe('formats', () => {
    const a = newRobotId();
    const b = newRobotId();
    const base = hoursAgo(3);
    const from = new Date(base).toISOString();
    const to = new Date(base + 10_000).toISOString();
    // Two robots on the same instants: the file is ordered by time, then robot id.
    const samples = [
      ...series(a, base, 5, 1000, (i) => ({ battery: 90 - i, x: -1.5 * i, temperature: null })),
      ...series(b, base, 5, 1000, (i) => ({ battery: 50 + i, lat: 48.85 })),
    ];
    const ordered = [...samples].sort(
      (p, q) => p.at.getTime() - q.at.getTime() || p.robotId.localeCompare(q.robotId),
    );
    beforeAll(() => storeSamples(t, samples));

    it('should stream CSV with a header row, one row per sample in field order, as an attachment', async () => {
      const res = await post({ from, to, format: 'csv' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="telemetry-all-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.csv"$/,
      );
      expect(res.headers['cache-control']).toBe('no-store');
      const lines = (res.body as string).split('\r\n');
      expect(lines[0]).toBe(['robotId', 'at', ...TELEMETRY_FIELDS].join(','));
      const rows = lines.slice(1, -1).map((line) => line.split(','));
      expect(rows.map((r) => [r[0], r[1]])).toEqual(
        ordered.map((s) => [s.robotId, s.at.toISOString()]),
      );
      const column = (name: string) => 2 + TELEMETRY_FIELDS.indexOf(name as 'x');
      const firstOfA = rows.find((r) => r[0] === a && r[1] === new Date(base + 2000).toISOString());
      expect(firstOfA?.[column('battery')]).toBe('88');
      expect(firstOfA?.[column('x')]).toBe('-3'); // negative numbers stay numbers
      expect(firstOfA?.[column('temperature')]).toBe('');
      expect(lines[lines.length - 1]).toBe('');
    });

    it('should stream JSON as one array of { robotId, at, values }', async () => {
      const res = await post({ from, to, format: 'json', robotId: b.toUpperCase() });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-disposition']).toContain(`telemetry-${b}-`);
      const parsed = JSON.parse(res.body as string) as {
        robotId: string;
        at: string;
        values: Record<string, number | null>;
      }[];
      expect(parsed).toHaveLength(5);
      expect(parsed[2]).toEqual({
        robotId: b,
        at: new Date(base + 2000).toISOString(),
        values: {
          ...Object.fromEntries(TELEMETRY_FIELDS.map((f) => [f, null])),
          battery: 52,
          lat: 48.85,
        },
      });
    });

    it('should stream NDJSON as one object per line', async () => {
      const res = await post({ from, to, format: 'ndjson' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const lines = (res.body as string).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((line) => (JSON.parse(line) as { at: string }).at)).toEqual(
        ordered.map((s) => s.at.toISOString()),
      );
    });

    it('should give an empty file (header only, empty array) for a window without samples', async () => {
      const empty = {
        from: new Date(base - 60_000).toISOString(),
        to: new Date(base - 1).toISOString(),
      };
      expect((await post({ ...empty, format: 'csv' })).body).toBe(
        `${['robotId', 'at', ...TELEMETRY_FIELDS].join(',')}\r\n`,
      );
      expect(JSON.parse((await post({ ...empty, format: 'json' })).body as string)).toEqual([]);
      expect((await post({ ...empty, format: 'ndjson' })).body).toBe('');
    });
  });

  describe('CSV injection', () => {
    it('should refuse to store a robot id that is not a UUID, so no formula can come from storage', async () => {
      const before = await droppedCount('invalid');
      await storeSamples(
        t,
        series(HOSTILE, hoursAgo(2), 3, 1000, () => ({ x: 1 })),
      );
      expect((await droppedCount('invalid')) - before).toBe(3);
    });

    it(`should neutralise a stored cell that starts like a formula (${HOSTILE})`, async () => {
      // The only text cell is the robot id; a uuid column cannot hold this on PostgreSQL at all.
      const dataSource = t.app.get(DataSource);
      const at = hoursAgo(2) + 30_000;
      const insert = `INSERT INTO "telemetry_samples" ("robot_id", "at", "x") VALUES ('${HOSTILE.replace(/'/g, "''")}', ${at}, -2)`;
      if (testDatabaseKind() === 'postgres') {
        await expect(dataSource.query(insert)).rejects.toBeInstanceOf(QueryFailedError);
        return;
      }
      // On SQLite a row written by another tool could: the export still must not pass it on raw.
      await dataSource.query(insert);
      const res = await post({
        from: new Date(at).toISOString(),
        to: new Date(at + 1).toISOString(),
        format: 'csv',
      });
      const row = (res.body as string).split('\r\n')[1];
      expect(row.startsWith(`"'${HOSTILE}",`)).toBe(true);
      expect(row).toContain(',-2,'); // the number beside it is untouched
      expect((res.body as string).split('\r\n').some((line) => /^[=+\-@]/.test(line))).toBe(false);
    });
  });

  describe('validation: every bad field is a 400 naming it, and nothing starts', () => {
    const witness = refusalWitness();
    const { from, to } = witness;
    beforeAll(() => witness.store(t));
    it.each<[string, Record<string, unknown>, string]>([
      ['a missing from', { to, format: 'csv' }, 'from'],
      ['a missing to', { from, format: 'csv' }, 'to'],
      ['a missing format', { from, to }, 'format'],
      ['an unknown format', { from, to, format: 'xlsx' }, 'format'],
      ['an unknown field', { from, to, format: 'csv', limit: 10 }, 'limit'],
      ['to before from', { from: to, to: from, format: 'csv' }, 'to'],
      [
        'a window over 31 days',
        { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', format: 'csv' },
        'to',
      ],
      ['a timestamp without a zone', { from: '2026-12-01 10:00', to, format: 'csv' }, 'from'],
      ['a number for a timestamp', { from: 1764000000000, to, format: 'csv' }, 'from'],
      ['a robot id that is not a UUID', { from, to, format: 'csv', robotId: 'rover-1' }, 'robotId'],
    ])('should refuse %s', async (_what, body, field) => {
      const res = await request(t.baseUrl)
        .post(EXPORT)
        .set(...bearer(viewer))
        .send(body);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      await witness.expectRefused(t, res, field);
    });

    it('should refuse a caller without a token', async () => {
      const res = await request(t.baseUrl).post(EXPORT).send({ from, to, format: 'csv' });
      expectErrorEnvelope(res.body, 401, 'unauthorized');
    });
  });

  describe('a large export', () => {
    const rowsPerRobot = 100_000;
    const robots = [newRobotId(), newRobotId()];
    const base = hoursAgo(5);
    const window = {
      from: new Date(base).toISOString(),
      to: new Date(base + rowsPerRobot * 20).toISOString(),
    };

    beforeAll(async () => {
      // Both robots on the same instants, so that pages break between two rows of one instant.
      for (const robotId of robots) {
        await storeSamples(
          t,
          series(robotId, base, rowsPerRobot, 20, (i) => ({
            x: Math.sin(i) * 1234.5678901,
            y: Math.cos(i) * 1234.5678901,
            battery: 100 - i / 1e4,
            temperature: 20 + Math.sin(i / 100) / 3,
            lat: 48.8566 + i / 1e7,
            lng: 2.3522 - i / 1e7,
          })),
        );
      }
    }, 180_000);

    it('should stream 200k rows, every row once and in order, while the live heap stays flat', async () => {
      // The live heap (after a full collection) says what is held; without collecting, the
      // garbage of each page would hide it. RSS is only bounded loosely here: the bench measures it.
      const gc = fullGc();
      gc();
      const baseline = process.memoryUsage();
      let peakLiveHeap = baseline.heapUsed;
      let peakRss = baseline.rss;
      let sinceGc = 0;

      const res = await openExport(t, viewer, { ...window, format: 'csv' });
      expect(res.statusCode).toBe(200);
      let bytes = 0;
      let lines = 0;
      let previous = '';
      let outOfOrder = 0;
      let partial = '';
      res.setEncoding('utf8');
      for await (const chunk of res as AsyncIterable<string>) {
        bytes += chunk.length;
        sinceGc += chunk.length;
        const parts = (partial + chunk).split('\r\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          lines++;
          if (lines === 1) continue; // header
          const key = `${line.slice(37, 61)} ${line.slice(0, 36)}`; // at, then robot id
          if (key <= previous) outOfOrder++;
          previous = key;
        }
        if (sinceGc > 4 * 2 ** 20) {
          sinceGc = 0;
          gc();
          const now = process.memoryUsage();
          peakLiveHeap = Math.max(peakLiveHeap, now.heapUsed);
          peakRss = Math.max(peakRss, now.rss);
        }
      }

      const liveHeapGrowth = peakLiveHeap - baseline.heapUsed;
      const rssGrowth = peakRss - baseline.rss;
      process.stdout.write(
        `export of ${lines - 1} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB: live heap +${(liveHeapGrowth / 2 ** 20).toFixed(1)} MiB at most, RSS +${(rssGrowth / 2 ** 20).toFixed(1)} MiB\n`,
      );
      expect(partial).toBe('');
      expect(lines).toBe(1 + 2 * rowsPerRobot);
      expect(outOfOrder).toBe(0);
      expect(bytes).toBeGreaterThan(25 * 2 ** 20);
      // Buffering the file would hold all of it (and its rows) at the end; streaming holds a page.
      expect(liveHeapGrowth).toBeLessThan(bytes / 4);
      expect(rssGrowth).toBeLessThan(2 * bytes);
    }, 120_000);

    it(`should let ${MAX_CONCURRENT_EXPORTS} exports stream at once, refuse one more with 429, and free a slot when a client leaves`, async () => {
      const open: IncomingMessage[] = [];
      for (let i = 0; i < MAX_CONCURRENT_EXPORTS; i++) {
        const res = await openExport(t, viewer, { ...window, format: 'ndjson' });
        expect(res.statusCode).toBe(200);
        res.pause(); // a client that stops reading holds its slot
        open.push(res);
      }
      const refused = await request(t.baseUrl)
        .post(EXPORT)
        .set(...bearer(viewer))
        .send({ ...window, format: 'csv' });
      expectErrorEnvelope(refused.body, 429, 'rate_limited');
      expect(refused.headers['retry-after']).toBe('5');

      for (const res of open) res.destroy();
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const res = await openExport(t, viewer, {
          from: window.from,
          to: new Date(base + EXPORT_PAGE_ROWS).toISOString(),
          format: 'csv',
        });
        status = res.statusCode ?? 0;
        res.resume();
        await new Promise((resolve) => res.once('end', resolve));
      }
      expect(status).toBe(200);
    }, 60_000);
  });
});
