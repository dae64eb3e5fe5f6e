import { BUCKETS_PER_DOUBLING, bucketBounds, mergeHistogram, percentileOf } from './duration-histogram';

/** What durationBucketSql computes, for building histograms in the tests. */
function bucketOf(ms: number): number {
  return Math.floor(BUCKETS_PER_DOUBLING * Math.log2(Math.max(ms, 1)));
}

function histogramOf(values: readonly number[]): Map<number, number> {
  const histogram = new Map<number, number>();
  for (const value of values) {
    histogram.set(bucketOf(value), (histogram.get(bucketOf(value)) ?? 0) + 1);
  }
  return histogram;
}

/** percentile_cont, exactly. */
function exactPercentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('duration histograms', () => {
  it('has no percentile without durations', () => {
    expect(percentileOf(new Map(), 0.5)).toBeNull();
    expect(percentileOf(new Map([[40, 0]]), 0.9)).toBeNull();
  });

  it('places every duration in a bucket whose bounds hold it, under 1 ms and negatives in bucket 0', () => {
    for (const ms of [1, 1.5, 2, 999, 1_000, 65_432, 86_400_000]) {
      const { low, high } = bucketBounds(bucketOf(ms));
      expect(ms).toBeGreaterThanOrEqual(low);
      expect(ms).toBeLessThan(high);
    }
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(-250)).toBe(0);
    expect(bucketBounds(0).low).toBe(0);
  });

  it('gives p50 and p90 within one bucket width (4.4%) of percentile_cont', () => {
    const random = seededRandom(7);
    // Log-normal-ish response times: a few hundred ms to several minutes.
    const values = Array.from({ length: 5_000 }, () => Math.round(Math.exp(6 + 4 * random())));
    const histogram = histogramOf(values);
    for (const q of [0.5, 0.9]) {
      const exact = exactPercentile(values, q);
      const estimate = percentileOf(histogram, q) ?? Number.NaN;
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(2 ** (1 / BUCKETS_PER_DOUBLING) - 1);
    }
  });

  it('reads one duration back within its bucket', () => {
    const estimate = percentileOf(histogramOf([12_000]), 0.5) ?? Number.NaN;
    expect(Math.abs(estimate - 12_000) / 12_000).toBeLessThan(0.045);
  });

  it('adds histograms bucket by bucket, so days and sources sum', () => {
    const merged = new Map<number, number>();
    mergeHistogram(merged, { '160': 2, '170': 1 });
    mergeHistogram(merged, { '170': 3 });
    mergeHistogram(merged, null);
    expect(merged).toEqual(
      new Map([
        [160, 2],
        [170, 4],
      ]),
    );
    expect(percentileOf(merged, 0.5)).toBeGreaterThanOrEqual(bucketBounds(170).low);
  });
});
