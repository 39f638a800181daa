import {
  bucketIndex,
  bucketStartMs,
  type BucketGrid,
  cellOf,
  touchedCellRanges,
} from './time-grid';

/** A small deterministic generator (mulberry32), so that a failure names a grid that can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('time grid', () => {
  describe(bucketIndex.name, () => {
    it('should put every instant of the window in the bucket whose bounds enclose it', () => {
      const random = seeded(42);
      for (let round = 0; round < 200; round++) {
        const fromMs = 1_764_000_000_000 + Math.floor(random() * 1e9);
        const span = 1 + Math.floor(random() * 31 * 24 * 3_600_000);
        const count = 1 + Math.floor(random() * Math.min(10_000, span));
        const grid: BucketGrid = { fromMs, toMs: fromMs + span, count };
        for (let probe = 0; probe < 50; probe++) {
          const at = fromMs + Math.floor(random() * span);
          const index = bucketIndex(grid, at);
          expect(index).toBeGreaterThanOrEqual(0);
          expect(index).toBeLessThan(count);
          expect(bucketStartMs(grid, index)).toBeLessThanOrEqual(at);
          expect(bucketStartMs(grid, index + 1)).toBeGreaterThan(at);
        }
      }
    });

    it('should place the first and last millisecond of the window in the first and last bucket', () => {
      const grid = { fromMs: 1000, toMs: 1000 + 3_600_000, count: 500 };
      expect(bucketIndex(grid, grid.fromMs)).toBe(0);
      expect(bucketIndex(grid, grid.toMs - 1)).toBe(499);
    });
  });

  describe(bucketStartMs.name, () => {
    it('should cut the window into buckets whose lengths differ by at most one millisecond', () => {
      const grid = { fromMs: 5, toMs: 5 + 1001, count: 7 };
      const lengths = Array.from(
        { length: grid.count },
        (_, i) => bucketStartMs(grid, i + 1) - bucketStartMs(grid, i),
      );
      expect(bucketStartMs(grid, 0)).toBe(grid.fromMs);
      expect(bucketStartMs(grid, grid.count)).toBe(grid.toMs);
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
      expect(lengths.reduce((a, b) => a + b, 0)).toBe(1001);
    });
  });

  describe(cellOf.name, () => {
    it('should align cells on the epoch', () => {
      expect(cellOf(1_764_000_000_999, 1000)).toBe(1_764_000_000_000);
      expect(cellOf(1_764_000_001_000, 1000)).toBe(1_764_000_001_000);
    });
  });

  describe(touchedCellRanges.name, () => {
    it('should merge consecutive cells of a robot into one range and keep gaps apart', () => {
      const a = 'a';
      const b = 'b';
      const ranges = touchedCellRanges(
        [
          { robotId: a, at: 10_500 },
          { robotId: a, at: 11_100 },
          { robotId: a, at: 10_999 },
          { robotId: b, at: 10_000 },
          { robotId: a, at: 15_000 },
          { robotId: a, at: 12_000 },
        ],
        1000,
      );
      expect(ranges).toEqual([
        { robotId: a, fromMs: 10_000, toMs: 13_000 },
        { robotId: a, fromMs: 15_000, toMs: 16_000 },
        { robotId: b, fromMs: 10_000, toMs: 11_000 },
      ]);
    });

    it('should give nothing for no samples', () => {
      expect(touchedCellRanges([], 1000)).toEqual([]);
    });
  });
});
