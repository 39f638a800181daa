/**
 * The arithmetic that minmax history does in SQL, kept here in one place so that it is specified
 * (time-grid.spec.ts) and so that the service labels buckets exactly as the query cuts them.
 * Everything is integer milliseconds: with a window of at most 31 days and at most 10,000 buckets,
 * every product stays below 2^53 and `Math.floor` of the quotient is exact.
 */

/** A window [fromMs, toMs) cut into `count` buckets whose lengths differ by at most 1 ms. */
export interface BucketGrid {
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

/** The bucket of an instant inside the window: floor((t - from) * count / span). */
export function bucketIndex(grid: BucketGrid, atMs: number): number {
  return Math.floor(((atMs - grid.fromMs) * grid.count) / (grid.toMs - grid.fromMs));
}

/** Where bucket `index` starts (index = count gives the window's end): from + ceil(index * span / count). */
export function bucketStartMs(grid: BucketGrid, index: number): number {
  return grid.fromMs + Math.ceil((index * (grid.toMs - grid.fromMs)) / grid.count);
}

/** The start of the rollup cell that holds an instant. */
export function cellOf(atMs: number, cellMs: number): number {
  return Math.floor(atMs / cellMs) * cellMs;
}

export interface CellRange {
  readonly robotId: string;
  /** The first touched cell's start. */
  readonly fromMs: number;
  /** The end of the last touched cell (exclusive). */
  readonly toMs: number;
}

/**
 * The cells a batch of samples falls into, per robot, merged into runs of consecutive cells: the
 * rollups to recompute after the batch is stored, one statement per run. A batch from a live
 * stream is one run per robot; a late sample among current ones adds a run of its own rather than
 * stretching one over everything in between.
 */
export function touchedCellRanges(
  samples: Iterable<{ robotId: string; at: number }>,
  cellMs: number,
): CellRange[] {
  const cellsByRobot = new Map<string, Set<number>>();
  for (const { robotId, at } of samples) {
    let cells = cellsByRobot.get(robotId);
    if (!cells) cellsByRobot.set(robotId, (cells = new Set()));
    cells.add(cellOf(at, cellMs));
  }
  const ranges: CellRange[] = [];
  for (const [robotId, cells] of cellsByRobot) {
    const sorted = [...cells].sort((a, b) => a - b);
    let start = sorted[0];
    let end = start + cellMs;
    for (const cell of sorted.slice(1)) {
      if (cell !== end) {
        ranges.push({ robotId, fromMs: start, toMs: end });
        start = cell;
      }
      end = cell + cellMs;
    }
    ranges.push({ robotId, fromMs: start, toMs: end });
  }
  return ranges;
}
