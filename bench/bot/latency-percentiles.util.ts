export interface Percentiles {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Exact nearest-rank percentiles (lib/latency-stats keeps no p90). */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const count = sorted.length;
  const at = (percent: number): number =>
    count === 0
      ? Number.NaN
      : sorted[Math.min(count - 1, Math.max(0, Math.ceil((percent / 100) * count) - 1))];
  return {
    count,
    p50Ms: at(50),
    p90Ms: at(90),
    p99Ms: at(99),
    maxMs: count === 0 ? Number.NaN : sorted[count - 1],
  };
}
