/** One Prometheus sample of handover's /metrics. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export type MetricSnapshot = readonly Sample[];

export async function readMetrics(baseUrl: string): Promise<MetricSnapshot> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
  }
  const samples: Sample[] = [];
  for (const line of (await response.text()).split('\n')) {
    const match = /^(handover_[a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (match) {
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
      );
      samples.push({ name: match[1], labels, value: Number(match[3]) });
    }
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels` (the app adds its own, e.g. service). */
function total(snapshot: MetricSnapshot, name: string, labels: Readonly<Record<string, string>>): number {
  return snapshot
    .filter(
      (sample) =>
        sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Count and mean of a histogram (seconds) between two snapshots, the mean in ms. */
export interface HistogramDelta {
  readonly count: number;
  readonly meanMs: number;
}

export function histogramDelta(
  before: MetricSnapshot,
  after: MetricSnapshot,
  name: string,
  labels: Readonly<Record<string, string>>,
): HistogramDelta {
  const delta = (suffix: string): number =>
    total(after, `${name}_${suffix}`, labels) - total(before, `${name}_${suffix}`, labels);
  const count = delta('count');
  return { count, meanMs: count === 0 ? Number.NaN : (delta('sum') * 1_000) / count };
}

/** What handover's own metrics say of a run: its consumer's batches and its platform calls. */
export interface HandoverInternals {
  readonly botBatches: HistogramDelta;
  readonly botRecords: number;
  readonly updateCategories: HistogramDelta;
  readonly agentNote: HistogramDelta;
}

export function handoverInternals(before: MetricSnapshot, after: MetricSnapshot): HandoverInternals {
  const records = { topic: 'bot.events.v1', outcome: 'applied' };
  return {
    botBatches: histogramDelta(before, after, 'handover_batch_seconds', { topic: 'bot.events.v1' }),
    botRecords:
      total(after, 'handover_records_total', records) - total(before, 'handover_records_total', records),
    updateCategories: histogramDelta(before, after, 'handover_effect_seconds', { kind: 'update_categories' }),
    agentNote: histogramDelta(before, after, 'handover_effect_seconds', { kind: 'agent_note' }),
  };
}
