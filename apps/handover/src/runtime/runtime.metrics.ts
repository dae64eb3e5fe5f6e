import { type BatchOutcome } from '@handover/kafka';
import { METRICS_REGISTRY } from '@handover/observability';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** What an operator watches: records applied or parked, batch time, platform calls, expired waits. */
@Injectable()
export class RuntimeMetrics {
  private readonly logger = new Logger('HandoverRuntime');
  private readonly records: Counter<'topic' | 'outcome'>;
  private readonly batchSeconds: Histogram<'topic'>;
  private readonly effects: Counter<'kind' | 'outcome'>;
  private readonly effectSeconds: Histogram<'kind'>;
  private readonly expired: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.records = new Counter({
      name: 'handover_records_total',
      help: 'Kafka records handled, by topic and outcome (applied, parked on the dead-letter topic)',
      labelNames: ['topic', 'outcome'],
      registers: [registry],
    });
    this.batchSeconds = new Histogram({
      name: 'handover_batch_seconds',
      help: 'Time to apply one partition batch in its transaction',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    this.effects = new Counter({
      name: 'handover_effects_total',
      help: 'Platform call attempts by kind and outcome (done, retry, failed, lost)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
    this.effectSeconds = new Histogram({
      name: 'handover_effect_seconds',
      help: 'Time of one platform call attempt, reconcile included',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.expired = new Counter({
      name: 'handover_waiting_expired_total',
      help: 'WAITING threads whose waiting time ended (then handled by the configured fallback)',
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

  effect(kind: string, outcome: string, seconds: number): void {
    this.effects.inc({ kind, outcome });
    this.effectSeconds.observe({ kind }, seconds);
  }

  waitingExpired(count: number): void {
    this.expired.inc(count);
  }

  waitingCheckFailed(error: unknown): void {
    this.logger.error(`Waiting-time check failed; retried at the next pass: ${String(error)}`);
  }
}
