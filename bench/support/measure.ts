/** Timing and summary statistics shared by the benchmarks that time single requests. */

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
/** process.hrtime is CLOCK_MONOTONIC, so a reading in one process compares with one in another. */
export const nowNs = () => process.hrtime.bigint();
export const msSince = (fromNs: bigint, toNs: bigint) => Number(toNs - fromNs) / 1e6;

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles; all NaN for no samples, so a table still prints when a phase failed. */
export function stats(samples: ArrayLike<number>): Stats {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  if (n === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  const rank = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { n, p50: rank(0.5), p99: rank(0.99), max: sorted[n - 1], mean: sum / n };
}
