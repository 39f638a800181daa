import request from 'supertest';
import { DataSource } from 'typeorm';
import { validateEnv } from '../src/config/env.schema';
import { TelemetryHistoryController } from '../src/telemetry/history/history.controller';
import {
  sampleOf,
  TELEMETRY_FIELDS,
  type TelemetrySample,
} from '../src/telemetry/telemetry-sample';
import { TelemetryService } from '../src/telemetry/telemetry.service';
import { TelemetryRetention } from '../src/telemetry/storage/telemetry-retention';
import { TelemetrySamplesRepository } from '../src/telemetry/storage/telemetry-samples.repository';
import {
  FLUSH_INTERVAL_MS,
  MAX_BUFFERED_SAMPLES,
  TelemetryStore,
} from '../src/telemetry/storage/telemetry-store';
import { bearer, type Session } from './helpers/auth';
import { expectErrorEnvelope } from './helpers/auth-envelope';
import { createTestApp, type TestApp } from './helpers/create-test-app';
import { refusalWitness, startTelemetryApp } from './helpers/telemetry-app';
import {
  countStored,
  droppedCount,
  hoursAgo,
  newRobotId,
  series,
  storeSamples,
} from './helpers/telemetry-samples';

const HISTORY = '/api/telemetry/history';

interface Bucket {
  start: string;
  count: number;
  min: Record<string, number | null>;
  max: Record<string, number | null>;
}

interface Sample {
  robotId: string;
  at: string;
  values: Record<string, number | null>;
}

/** What minmax must return, worked out sample by sample from the series and the bucket bounds. */
function bruteForce(
  samples: readonly TelemetrySample[],
  starts: readonly number[],
  toMs: number,
  fields: readonly ('battery' | 'temperature' | 'x')[],
): { count: number; min: Record<string, number | null>; max: Record<string, number | null> }[] {
  const ends = [...starts.slice(1), toMs];
  return starts.map((start, i) => {
    const inside = samples.filter((s) => s.at.getTime() >= start && s.at.getTime() < ends[i]);
    const pick = (field: string, choose: (a: number, b: number) => number): number | null =>
      inside
        .map((s) => s.values[field as keyof typeof s.values])
        .filter((v): v is number => v !== null)
        .reduce<number | null>((acc, v) => (acc === null ? v : choose(acc, v)), null);
    return {
      count: inside.length,
      min: Object.fromEntries(fields.map((f) => [f, pick(f, Math.min)])),
      max: Object.fromEntries(fields.map((f) => [f, pick(f, Math.max)])),
    };
  });
}

describe(`${TelemetryHistoryController.name} (e2e, API.md §5)`, () => {
  let t: TestApp;
  let viewer: Session;

  beforeAll(async () => {
    ({ t, viewer } = await startTelemetryApp());
  });
  afterAll(() => t.close());

  const history = (query: Record<string, string | number>) =>
    request(t.baseUrl)
      .get(HISTORY)
      .query(query)
      .set(...bearer(viewer));

  describe('minmax', () => {
    // 10 Hz for 20 minutes, a wave with spikes (on bucket edges among other places) and gaps.
    const robotId = newRobotId();
    const base = hoursAgo(3) + 0;
    const samples = series(robotId, base, 12_000, 100, (i) => ({
      battery: i % 997 === 0 ? 1000 + i : Math.round(Math.sin(i / 50) * 1e6) / 1e4,
      temperature: i % 13 === 0 ? null : 20 + ((i * 7919) % 1000) / 100,
      x: 0 - i / 10, // 0 - 0 is 0, where -0 would not survive JSON
    }));
    // Another robot in the same seconds, with values that would show if robots were mixed up.
    const other = series(newRobotId(), base, 1200, 1000, () => ({ battery: -1e9, x: 1e9 }));

    beforeAll(async () => {
      await storeSamples(t, [...samples, ...other]);
    });

    it.each([
      ['coarse buckets (many whole seconds each)', 123, 20 * 60_000 - 77, 7],
      ['500 buckets of 2.4 s', 0, 20 * 60_000, 500],
      ['buckets narrower than a second', 45_321, 45_321 + 9_999, 37],
      ['a window that cuts the series short', -60_000, 60_000, 10],
    ])(
      'should return the true count, min and max of every bucket with %s',
      async (_what, fromOffset, toOffset, buckets) => {
        const fromMs = base + fromOffset;
        const toMs = base + toOffset;
        const fields = ['battery', 'temperature', 'x'] as const;
        const res = await history({
          strategy: 'minmax',
          robotId,
          from: new Date(fromMs).toISOString(),
          to: new Date(toMs).toISOString(),
          buckets,
          fields: fields.join(','),
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          strategy: 'minmax',
          robotId,
          from: new Date(fromMs).toISOString(),
          to: new Date(toMs).toISOString(),
          fields: [...fields],
        });
        const got = res.body.buckets as Bucket[];
        expect(got).toHaveLength(buckets);
        const starts = got.map((b) => Date.parse(b.start));
        expect(starts[0]).toBe(fromMs);
        const expected = bruteForce(samples, starts, toMs, fields);
        expect(got.map(({ count, min, max }) => ({ count, min, max }))).toEqual(expected);
        expect(got.reduce((n, b) => n + b.count, 0)).toBe(
          samples.filter((s) => s.at.getTime() >= fromMs && s.at.getTime() < toMs).length,
        );
      },
    );

    it('should count a sample recorded twice once', async () => {
      const id = newRobotId();
      const twice = series(id, base, 50, 100, (i) => ({ battery: i }));
      await storeSamples(t, twice);
      await storeSamples(t, twice.slice(10, 20));
      const res = await history({
        strategy: 'minmax',
        robotId: id,
        from: new Date(base).toISOString(),
        to: new Date(base + 5000).toISOString(),
        buckets: 1,
        fields: 'battery',
      });
      expect(res.body.buckets).toEqual([
        {
          start: new Date(base).toISOString(),
          count: 50,
          min: { battery: 0 },
          max: { battery: 49 },
        },
      ]);
    });

    it('should list empty buckets with count 0 and null bounds, and default to all fields', async () => {
      const res = await history({
        strategy: 'minmax',
        robotId,
        from: new Date(base - 2000).toISOString(),
        to: new Date(base + 2000).toISOString(),
        buckets: 2,
      });
      expect(res.status).toBe(200);
      expect(res.body.fields).toEqual([...TELEMETRY_FIELDS]);
      const [empty, full] = res.body.buckets as Bucket[];
      expect(empty.count).toBe(0);
      expect(Object.values(empty.min).every((v) => v === null)).toBe(true);
      expect(Object.keys(empty.min)).toEqual([...TELEMETRY_FIELDS]);
      expect(full.count).toBe(20);
      expect(full.max.battery).toBe(1000); // sample 0 is a spike
      expect(full.max.lat).toBeNull(); // never reported
    });
  });

  describe('raw', () => {
    const robotId = newRobotId();
    const base = hoursAgo(4);
    const samples = series(robotId, base, 250, 40, (i) => ({ battery: 100 - i / 10, lat: i }));
    beforeAll(() => storeSamples(t, samples));

    it('should return the samples of the window, oldest first, with only the asked fields', async () => {
      const res = await history({
        robotId,
        from: new Date(base + 400).toISOString(),
        to: new Date(base + 800).toISOString(),
        fields: 'battery',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        strategy: 'raw',
        robotId,
        truncated: false,
        nextFrom: null,
      });
      const got = res.body.samples as Sample[];
      expect(got.map((s) => s.at)).toEqual(samples.slice(10, 20).map((s) => s.at.toISOString()));
      expect(got[0]).toEqual({
        robotId,
        at: samples[10].at.toISOString(),
        values: { battery: 99 },
      });
    });

    it('should stop at `limit`, say so, and say where the next page starts', async () => {
      const from = new Date(base).toISOString();
      const to = new Date(base + 10_000).toISOString();
      const first = await history({ robotId, from, to, limit: 100, fields: 'lat' });
      expect(first.body.truncated).toBe(true);
      expect(first.body.samples).toHaveLength(100);
      expect(first.body.nextFrom).toBe(samples[100].at.toISOString());
      const rest = await history({
        robotId,
        from: first.body.nextFrom as string,
        to,
        fields: 'lat',
      });
      expect(rest.body.truncated).toBe(false);
      const all = [...(first.body.samples as Sample[]), ...(rest.body.samples as Sample[])];
      expect(all.map((s) => s.values.lat)).toEqual(samples.map((_, i) => i));
    });
  });

  describe('latest', () => {
    const a = newRobotId();
    const b = newRobotId();
    const base = hoursAgo(5);
    beforeAll(() =>
      storeSamples(t, [
        ...series(a, base, 10, 1000, (i) => ({ battery: i })),
        ...series(b, base + 500, 3, 1000, (i) => ({ battery: 100 + i })),
      ]),
    );

    it('should return the newest sample of a robot at or before `to`', async () => {
      const res = await history({
        strategy: 'latest',
        robotId: a,
        to: new Date(base + 4000).toISOString(),
        fields: 'battery',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ strategy: 'latest', robotId: a, from: null });
      expect(res.body.samples).toEqual([
        { robotId: a, at: new Date(base + 4000).toISOString(), values: { battery: 4 } },
      ]);
    });

    it('should return the newest sample of every robot when no robot is named', async () => {
      const res = await history({
        strategy: 'latest',
        to: new Date(base + 4000).toISOString(),
        fields: 'battery',
      });
      expect(res.status).toBe(200);
      expect(res.body.robotId).toBeNull();
      const got = res.body.samples as Sample[];
      expect(got.find((s) => s.robotId === a)?.values).toEqual({ battery: 4 });
      expect(got.find((s) => s.robotId === b)).toEqual({
        robotId: b,
        at: new Date(base + 2500).toISOString(),
        values: { battery: 102 },
      });
      // robots with nothing at or before `to` are not listed; the list is ordered by robot id
      expect(got.map((s) => s.robotId)).toEqual([...got.map((s) => s.robotId)].sort());
    });

    it('should return no sample for a robot with nothing stored', async () => {
      const res = await history({ strategy: 'latest', robotId: newRobotId() });
      expect(res.status).toBe(200);
      expect(res.body.samples).toEqual([]);
    });
  });

  describe('validation: every bad parameter is a 400 naming it', () => {
    const witness = refusalWitness();
    const { from, to } = witness;
    beforeAll(() => witness.store(t));
    it.each<[string, Record<string, string | number>, string]>([
      ['an unknown parameter', { page: 1 }, 'page'],
      ['a from that is not a timestamp', { from: 'yesterday', to }, 'from'],
      ['a from without a time zone', { from: '2026-12-01T10:00:00', to }, 'from'],
      ['a date that does not exist', { from: '2026-02-30T10:00:00Z', to }, 'from'],
      ['to before from', { from: to, to: from }, 'to'],
      ['to equal to from', { from, to: from }, 'to'],
      ['a window over 31 days', { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:01Z' }, 'to'],
      ['buckets 0', { strategy: 'minmax', buckets: 0 }, 'buckets'],
      ['buckets 10001', { strategy: 'minmax', buckets: 10_001 }, 'buckets'],
      ['buckets not a number', { strategy: 'minmax', buckets: 'ten' }, 'buckets'],
      [
        'buckets finer than a millisecond',
        {
          strategy: 'minmax',
          from,
          to: new Date(Date.parse(from) + 99).toISOString(),
          buckets: 100,
        },
        'buckets',
      ],
      ['buckets with raw', { strategy: 'raw', buckets: 10 }, 'buckets'],
      ['limit with minmax', { strategy: 'minmax', limit: 10 }, 'limit'],
      ['limit 10001', { limit: 10_001 }, 'limit'],
      ['from with latest', { strategy: 'latest', from }, 'from'],
      ['an unknown strategy', { strategy: 'average' }, 'strategy'],
      ['an unknown field', { fields: 'battery,password' }, 'fields'],
      ['a field named twice', { fields: 'battery,battery' }, 'fields'],
      ['an empty field list', { fields: '' }, 'fields'],
      ['a robot id that is not a UUID', { robotId: "1' OR '1'='1" }, 'robotId'],
    ])('should refuse %s', async (_what, query, field) => {
      const res = await history(query);
      await witness.expectRefused(t, res, field);
    });

    it('should accept fields given as repeated parameters', async () => {
      const res = await request(t.baseUrl)
        .get(`${HISTORY}?fields=battery&fields=x,y&strategy=latest`)
        .set(...bearer(viewer));
      expect(res.status).toBe(200);
      expect(res.body.fields).toEqual(['battery', 'x', 'y']);
    });
  });

  describe('access', () => {
    it('should refuse a caller without a token', async () => {
      const res = await request(t.baseUrl).get(HISTORY);
      expectErrorEnvelope(res.body, 401, 'unauthorized');
    });
  });

  describe('storage', () => {
    it('should store what TelemetryService emits, in batches rather than one insert per sample', async () => {
      const robotId = newRobotId();
      const insertBatch = jest.spyOn(t.app.get(TelemetrySamplesRepository), 'insertBatch');
      try {
        const telemetry = t.app.get(TelemetryService);
        const base = hoursAgo(6);
        for (const sample of series(robotId, base, 300, 20, (i) => ({ battery: i }))) {
          telemetry.samples$.next(sample);
        }
        await new Promise((resolve) => setTimeout(resolve, FLUSH_INTERVAL_MS * 3));
        expect(await countStored(t, robotId)).toBe(300);
        const ours = insertBatch.mock.calls.filter(([batch]) =>
          batch.some((row) => row.robotId === robotId),
        );
        expect(ours.length).toBeLessThanOrEqual(2);
      } finally {
        insertBatch.mockRestore();
      }
    });

    it('should drop the oldest samples and count them when the buffer overflows', async () => {
      const store = t.app.get(TelemetryStore);
      await store.flush();
      const robotId = newRobotId();
      const overflowBefore = await droppedCount('overflow');
      const base = hoursAgo(7);
      // All recorded synchronously: nothing is written before the loop ends.
      const samples = series(robotId, base, MAX_BUFFERED_SAMPLES + 25, 10, () => ({ x: 1 }));
      for (const sample of samples) store.record(sample);
      expect(store.pending).toBe(MAX_BUFFERED_SAMPLES);
      await store.flush();
      // 25 of ours, and any of the rover's live samples that were buffered just before them
      const dropped = (await droppedCount('overflow')) - overflowBefore;
      expect(dropped).toBeGreaterThanOrEqual(25);
      expect(dropped).toBeLessThan(25 + 10);
      expect(await countStored(t, robotId)).toBe(MAX_BUFFERED_SAMPLES);
      const oldest = await history({
        strategy: 'raw',
        robotId,
        from: new Date(base).toISOString(),
        to: new Date(base + 1000).toISOString(),
        limit: 1,
      });
      expect((oldest.body.samples as Sample[])[0].at).toBe(samples[25].at.toISOString());
    });

    it('should count and skip a sample it cannot store, and keep the rest of its batch', async () => {
      const store = t.app.get(TelemetryStore);
      const invalidBefore = await droppedCount('invalid');
      const robotId = newRobotId();
      store.record(sampleOf('not-a-uuid', new Date(hoursAgo(8)), { x: 1 }));
      store.record(sampleOf(robotId, new Date(hoursAgo(8)), { x: 1 }));
      await store.flush();
      expect((await droppedCount('invalid')) - invalidBefore).toBe(1);
      expect(await countStored(t, robotId)).toBe(1);
    });
  });
});

describe(`${TelemetryRetention.name} (e2e)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TELEMETRY_RETENTION_HOURS: '1' } });
  });
  afterAll(() => t.close());

  it('should delete, in chunks, only the samples and rollups older than the window', async () => {
    const robotId = newRobotId();
    const hour = 3_600_000;
    const now = Date.now();
    const expired = series(robotId, now - hour - 600_000, 5_000, 100, () => ({ battery: 1 }));
    const kept = series(robotId, now - hour + 5_000, 100, 100, () => ({ battery: 2 }));
    await storeSamples(t, [...expired, ...kept]);
    expect(await countStored(t, robotId)).toBe(5_100);

    const pass = await t.app.get(TelemetryRetention).runOnce();
    expect(pass.samples).toBeGreaterThanOrEqual(5_000);
    expect(pass.cutoffMs).toBeLessThanOrEqual(now - hour + 1000);
    expect(await countStored(t, robotId)).toBe(100);

    const dataSource = t.app.get(DataSource);
    const oldCells: { n: number | string }[] = await dataSource.query(
      `SELECT count(*) AS n FROM "telemetry_rollups" WHERE "cell_start" < ${pass.cutoffMs}`,
    );
    expect(Number(oldCells[0].n)).toBe(0);
    const newCells: { n: number | string }[] = await dataSource.query(
      `SELECT count(*) AS n FROM "telemetry_rollups" WHERE "cell_start" >= ${pass.cutoffMs}`,
    );
    expect(Number(newCells[0].n)).toBeGreaterThanOrEqual(10);
  });

  it.each(['0', '8761', 'a day'])(
    'should refuse TELEMETRY_RETENTION_HOURS=%j at boot, naming the variable',
    (value) => {
      expect(() => validateEnv({ TELEMETRY_RETENTION_HOURS: value })).toThrow(
        /TELEMETRY_RETENTION_HOURS/,
      );
    },
  );
});
