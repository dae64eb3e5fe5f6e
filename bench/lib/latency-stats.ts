export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Keeps every sample (a few hundred thousand at most) so percentiles are exact, not bucketed. */
export class LatencyRecorder {
  private readonly samples: number[] = [];

  record(milliseconds: number): void {
    this.samples.push(milliseconds);
  }

  summary(): LatencySummary {
    const sorted = Float64Array.from(this.samples).sort();
    const count = sorted.length;
    const at = (percent: number): number =>
      count === 0
        ? Number.NaN
        : sorted[Math.min(count - 1, Math.max(0, Math.ceil((percent / 100) * count) - 1))];
    const total = sorted.reduce((sum, value) => sum + value, 0);
    return {
      count,
      meanMs: count === 0 ? Number.NaN : total / count,
      p50Ms: at(50),
      p99Ms: at(99),
      maxMs: count === 0 ? Number.NaN : sorted[count - 1],
    };
  }
}
