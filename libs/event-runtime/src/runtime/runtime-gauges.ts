import { type Admin, type Kafka } from 'kafkajs';
import { Gauge, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { type BatchedConsumer } from '../consumer/batched-consumer';
import { type CircuitState } from '../effects/circuit-breaker';
import { type PlatformQuota } from '../quota/platform-quota';
import { registerQuotaGauges } from '../quota/quota-gauges';

export interface GaugeSources {
  dataSource: DataSource;
  kafka: Kafka;
  consumer: BatchedConsumer;
  /** The consumer's name in the checkpoint table (its group id). */
  consumerName: string;
  /** Each effect worker by name (`platform`, or its lane's kinds) and its circuit. */
  circuits: ReadonlyArray<{ worker: string; state: () => CircuitState }>;
  /** The platform quota the app spends from, if it calls the platform. */
  quota?: PlatformQuota;
}

interface Snapshot {
  outbox: number;
  parked: number;
  effects: Array<{ kind: string; status: string; count: number }>;
  lag: Array<{ topic: string; partition: number; lag: number }>;
}

const CIRCUIT: Record<CircuitState, number> = { closed: 0, half_open: 0.5, open: 1 };
/** One scrape reads each source once, whichever gauge asks first. */
const SNAPSHOT_TTL_MS = 1_000;

/**
 * What an operator watches between two log lines, read at scrape time: consumer lag per partition
 * (Kafka's end offset minus our checkpoint), the outbox backlog, effects waiting or failed by kind,
 * parked records, the circuits. Named `<prefix>_…`, like ConsumerMetrics.
 */
export class RuntimeGauges {
  private snapshot: { at: number; value: Promise<Snapshot> } | undefined;
  private admin: Admin | undefined;

  constructor(
    registry: Registry,
    prefix: string,
    private readonly sources: GaugeSources,
  ) {
    const read = (): Promise<Snapshot> => this.read();
    if (sources.quota) {
      registerQuotaGauges(registry, sources.quota);
    }
    new Gauge({
      name: `${prefix}_consumer_lag`,
      help: 'Records on Kafka not applied yet, per partition (end offset minus checkpoint)',
      labelNames: ['topic', 'partition'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { topic, partition, lag } of (await read()).lag) {
          this.set({ topic, partition: String(partition) }, lag);
        }
      },
    });
    new Gauge({
      name: `${prefix}_outbox_backlog`,
      help: 'Events written and not yet published to Kafka',
      registers: [registry],
      async collect() {
        this.set((await read()).outbox);
      },
    });
    new Gauge({
      name: `${prefix}_effects`,
      help: 'Effects (platform and bot calls) waiting (pending) or given up (failed), by kind',
      labelNames: ['kind', 'status'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { kind, status, count } of (await read()).effects) {
          this.set({ kind, status }, count);
        }
      },
    });
    new Gauge({
      name: `${prefix}_parked_records`,
      help: 'Records the consumer moved past and parked on the dead-letter topic, not yet retried or discarded',
      registers: [registry],
      async collect() {
        this.set((await read()).parked);
      },
    });
    new Gauge({
      name: `${prefix}_consumer_partitions`,
      help: 'Partitions assigned to this instance at its last join',
      registers: [registry],
      collect() {
        this.set(sources.consumer.probe(Number.POSITIVE_INFINITY).partitions);
      },
    });
    new Gauge({
      name: `${prefix}_effect_circuit_open`,
      help: 'Effect worker circuit: 0 closed, 0.5 half-open (one trial), 1 open',
      labelNames: ['worker'],
      registers: [registry],
      collect() {
        for (const { worker, state } of sources.circuits) {
          this.set({ worker }, CIRCUIT[state()]);
        }
      },
    });
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  private read(): Promise<Snapshot> {
    const now = Date.now();
    if (this.snapshot === undefined || now - this.snapshot.at > SNAPSHOT_TTL_MS) {
      this.snapshot = { at: now, value: this.load() };
    }
    return this.snapshot.value;
  }

  private async load(): Promise<Snapshot> {
    const { dataSource, consumerName } = this.sources;
    const [counts]: Array<{ outbox: number; parked: number; effects: Snapshot['effects'] | null }> =
      await dataSource.query(
        `SELECT (SELECT count(*) FROM outbox_message WHERE sent_at IS NULL)::int AS outbox,
                (SELECT count(*) FROM parked_record p WHERE NOT EXISTS (
                   SELECT 1 FROM ops_audit a WHERE a.target_kind = 'parked_record'
                     AND a.target_id = p.consumer || '/' || p.topic || '/' || p.partition || '/' || p."offset"
                 ))::int AS parked,
                (SELECT json_agg(json_build_object('kind', kind, 'status', status, 'count', n))
                 FROM (SELECT kind, status, count(*)::int AS n FROM effect
                       WHERE status IN ('pending', 'failed') GROUP BY kind, status) AS e) AS effects`,
      );
    const checkpoints: Array<{ topic: string; partition: number; next_offset: string }> =
      await dataSource.query(
        `SELECT topic, partition, next_offset FROM consumer_checkpoint WHERE consumer = $1`,
        [consumerName],
      );
    return {
      outbox: counts.outbox,
      parked: counts.parked,
      effects: counts.effects ?? [],
      lag: await this.lag(checkpoints),
    };
  }

  private async lag(
    checkpoints: ReadonlyArray<{ topic: string; partition: number; next_offset: string }>,
  ): Promise<Snapshot['lag']> {
    this.admin ??= this.sources.kafka.admin();
    await this.admin.connect();
    const applied = new Map(
      checkpoints.map((row) => [`${row.topic}/${row.partition}`, BigInt(row.next_offset)]),
    );
    const lag: Snapshot['lag'] = [];
    for (const topic of this.sources.consumer.topics) {
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
        const end = BigInt(high);
        const next = applied.get(`${topic}/${partition}`) ?? 0n;
        lag.push({ topic, partition, lag: Number(end > next ? end - next : 0n) });
      }
    }
    return lag;
  }
}
