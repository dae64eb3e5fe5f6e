/**
 * Durations are kept as histograms so that days, sources and languages add up without the raw
 * values: bucket b holds [2^(b/16), 2^((b+1)/16)) ms, bucket 0 also everything under 1 ms (a
 * negative duration, from clock skew, counts as 0). A bucket is 4.4% wide, which bounds the error
 * of a percentile read from it. The buckets are computed in SQL (see DURATION_BUCKET_SQL).
 */
export const BUCKETS_PER_DOUBLING = 16;

/** Bucket index → number of durations in it; the shape stored in stats_daily's jsonb columns. */
export type Histogram = Readonly<Record<string, number>>;

/** The SQL expression of a duration's bucket; null stays null (greatest() alone would make it 1 ms). */
export function durationBucketSql(ms: string): string {
  return `CASE WHEN ${ms} IS NOT NULL
    THEN floor(${BUCKETS_PER_DOUBLING} * ln(greatest(${ms}, 1.0)::float8) / ln(2.0))::int END`;
}

export function bucketBounds(bucket: number): { low: number; high: number } {
  return {
    low: bucket === 0 ? 0 : 2 ** (bucket / BUCKETS_PER_DOUBLING),
    high: 2 ** ((bucket + 1) / BUCKETS_PER_DOUBLING),
  };
}

export function mergeHistogram(into: Map<number, number>, histogram: Histogram | null | undefined): void {
  for (const [bucket, count] of Object.entries(histogram ?? {})) {
    const index = Number(bucket);
    into.set(index, (into.get(index) ?? 0) + count);
  }
}

/**
 * The q-quantile (0..1) as percentile_cont defines it (rank q × (n − 1)), placed by linear
 * interpolation inside the bucket holding that rank; null when there is no duration.
 */
export function percentileOf(histogram: ReadonlyMap<number, number>, q: number): number | null {
  const buckets = [...histogram.entries()].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) {
    return null;
  }
  const rank = q * (total - 1);
  let before = 0;
  for (const [bucket, count] of buckets) {
    if (rank < before + count) {
      const { low, high } = bucketBounds(bucket);
      return low + ((high - low) * (rank - before + 0.5)) / count;
    }
    before += count;
  }
  const { high } = bucketBounds(buckets[buckets.length - 1][0]);
  return high;
}
