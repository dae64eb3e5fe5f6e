import { Counter, Histogram, type Registry } from 'prom-client';
import { type BatchOutcome } from './consumer/partition-batch.applier';
import { type GaugeSources, RuntimeGauges } from './runtime/runtime-gauges';

/**
 * What an operator watches on any app of the consumer runtime, named `<prefix>_…`: records applied
 * or parked, batch time, platform calls by kind and outcome.
 */
export class ConsumerMetrics {
  private readonly records: Counter<'topic' | 'outcome'>;
  private readonly batchSeconds: Histogram<'topic'>;
  private readonly effects: Counter<'kind' | 'outcome'>;
  private readonly effectSeconds: Histogram<'kind'>;

  constructor(
    private readonly registry: Registry,
    private readonly prefix: string,
  ) {
    this.records = new Counter({
      name: `${prefix}_records_total`,
      help: 'Kafka records handled, by topic and outcome (applied, parked on the dead-letter topic)',
      labelNames: ['topic', 'outcome'],
      registers: [registry],
    });
    this.batchSeconds = new Histogram({
      name: `${prefix}_batch_seconds`,
      help: 'Time to apply one partition batch in its transaction',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.effects = new Counter({
      name: `${prefix}_effects_total`,
      help: 'Platform call attempts by kind and outcome (done, retry, failed, lost)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
    this.effectSeconds = new Histogram({
      name: `${prefix}_effect_seconds`,
      help: 'Time of one platform call attempt, reconcile included',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  batch(topic: string, outcome: BatchOutcome, seconds: number): void {
    this.batchSeconds.observe({ topic }, seconds);
    if (outcome.kind === 'applied') {
      this.records.inc({ topic, outcome: 'applied' }, outcome.applied);
      this.records.inc({ topic, outcome: 'parked' }, outcome.parked);
    }
  }

  /** The gauges read at scrape time (live runtimes only: replay has no backlog to watch). */
  watch(sources: GaugeSources): RuntimeGauges {
    return new RuntimeGauges(this.registry, this.prefix, sources);
  }

  effect(kind: string, outcome: string, seconds: number): void {
    this.effects.inc({ kind, outcome });
    this.effectSeconds.observe({ kind }, seconds);
  }
}
