import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type KafkaProducerService } from '@handover/kafka';
import { type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { type AppDataSourceOptions, openAppDataSource } from '../database/app-data-source';
import { BatchedConsumer, type ConsumerProbe } from '../consumer/batched-consumer';
import { EventDispatcher } from '../consumer/event-dispatcher';
import { type AnyEventHandler } from '../consumer/event-handler';
import { type ConsumerAppEnv, type EffectAppEnv } from '../consumer-app.env';
import { type ConsumerMetrics } from '../consumer-metrics';
import { PlatformQuota, type PlatformQuotaOptions, quotaHolder } from '../quota/platform-quota';
import { type TransactionWrites } from '../database/transaction-writes';
import { type EffectExecutor } from '../effects/effect-executor';
import { EffectWorker, type Settlement } from '../effects/effect-worker';
import { type EffectWorkerOptions } from '../effects/effect-worker-options';
import { RuntimeJanitor } from '../maintenance/runtime-janitor';
import { type RuntimeGauges } from './runtime-gauges';
import { OutboxRelay } from '../outbox/outbox-relay';
import { type BackgroundJob } from './background-job';

/** `live` decides and runs effects; `replay` only rebuilds the projection from the log. */
export type RuntimeMode = 'live' | 'replay';

/** How an app is run: live, or replaying into a fresh schema under a single-use group. */
export interface RunOptions {
  mode: RuntimeMode;
  /** Replay writes into this schema instead of DATABASE_SCHEMA. */
  schema?: string;
  /** Replay's group instead of the app's own. */
  groupId?: string;
}

/** The app's schema for this run, opened and migrated (`entities`: the app's own tables). */
export function openRuntimeDataSource(
  env: Pick<ConsumerAppEnv, 'DATABASE_URL'> & { DATABASE_SCHEMA: string },
  run: RunOptions,
  tables: Pick<AppDataSourceOptions, 'entities' | 'migrations'>,
): Promise<DataSource> {
  return openAppDataSource({ url: env.DATABASE_URL, schema: run.schema ?? env.DATABASE_SCHEMA, ...tables });
}

/** The deployment's platform quota for a live app; a replay makes no platform calls. */
export async function openPlatformQuota(
  run: RunOptions,
  dataSource: DataSource,
  limits: Omit<PlatformQuotaOptions, 'holder'>,
  app: string,
): Promise<PlatformQuota | undefined> {
  return run.mode === 'live'
    ? PlatformQuota.open(dataSource, { ...limits, holder: quotaHolder(app) })
    : undefined;
}

/** What a consumer app does with events: EventHandler tells the roles apart. */
export interface AppHandlers {
  projectors: readonly AnyEventHandler[];
  reactors?: readonly AnyEventHandler[];
  /** Projectors of the app's own decisions read back from its topic: replay only. */
  ownDecisions?: readonly AnyEventHandler[];
}

/** Live: projectors, then reactors. Replay: projectors and the app's own decisions, never a reactor. */
export function handlersFor(mode: RuntimeMode, handlers: AppHandlers): readonly AnyEventHandler[] {
  return mode === 'live'
    ? [...handlers.projectors, ...(handlers.reactors ?? [])]
    : [...handlers.projectors, ...(handlers.ownDecisions ?? [])];
}

/** The topics an app reads in a mode: those its handlers take events from. */
export function consumedTopics(mode: RuntimeMode, handlers: AppHandlers): readonly string[] {
  return new EventDispatcher(handlersFor(mode, handlers)).topics;
}

/** One consumer app, described by what it does with events. */
export interface EventRuntimeSpec extends AppHandlers {
  run: RunOptions;
  kafka: Kafka;
  dataSource: DataSource;
  /** The consumer group, and the name its checkpoints are stored under, unless `run` names one. */
  groupId: string;
  dlqTopic: string;
  /** What every consumer app reads (attempts, concurrency, Kafka's ack timeout, ledger retention). */
  env: ConsumerAppEnv;
  /** See BatchedConsumerOptions.dedupeEventIds (default true). */
  dedupeEventIds?: boolean;
  producer: Pick<KafkaProducerService, 'publish'>;
  /**
   * The platform calls the reactors record, tried as EffectAppEnv says; none for an app that makes
   * none. `quota`: the platform's quota, shared by every app and replica.
   */
  effects?: { env: EffectAppEnv; executors: readonly EffectExecutor[]; quota?: PlatformQuota };
  /**
   * Calls to something other than the platform, at their own pace (the bot): each lane is a worker of
   * its own kinds, with its own concurrency, lease, retries and circuit, that never spends the
   * platform's call budget. The platform worker leaves these kinds alone; a thread's effects still run
   * one at a time in recording order, whichever worker runs them.
   */
  effectLanes?: ReadonlyArray<{ executors: readonly EffectExecutor[]; options: EffectWorkerOptions }>;
  /** Live-only work beside the consumer; `wake` tells the relay and worker about what it queued. */
  jobs?: (wake: (wrote: TransactionWrites) => void) => readonly BackgroundJob[];
  metrics?: ConsumerMetrics;
}

/**
 * The exactly-once machinery of a consumer app: the batched consumer that runs its handlers, and —
 * live only — the outbox relay, the effect worker, the ledger janitor and the app's own jobs. Nest
 * starts the background parts at bootstrap and stops everything at shutdown; the consumer joins its
 * group when the app says so (startConsuming), after HTTP is up.
 */
export class EventRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly consumer: BatchedConsumer;
  private readonly background: readonly BackgroundJob[];
  private readonly relay?: OutboxRelay;
  private readonly workers: readonly EffectWorker[];
  private readonly gauges?: RuntimeGauges;

  constructor(private readonly spec: EventRuntimeSpec) {
    const live = spec.run.mode === 'live';
    const wake = (wrote: TransactionWrites): void => this.wake(wrote);
    this.consumer = new BatchedConsumer({
      kafka: spec.kafka,
      groupId: spec.run.groupId ?? spec.groupId,
      dispatcher: new EventDispatcher(handlersFor(spec.run.mode, spec)),
      dlqTopic: spec.dlqTopic,
      dataSource: spec.dataSource,
      maxAttempts: spec.env.CONSUMER_MAX_ATTEMPTS,
      partitionsConsumedConcurrently: spec.env.CONSUMER_PARTITIONS_CONCURRENTLY,
      dedupeEventIds: spec.dedupeEventIds,
      afterCommit: live ? wake : undefined,
      onBatch: spec.metrics
        ? (topic, outcome, seconds) => spec.metrics?.batch(topic, outcome, seconds)
        : undefined,
    });
    if (!live) {
      this.background = [];
      this.workers = [];
      return;
    }
    this.relay = new OutboxRelay(spec.dataSource, (records) =>
      spec.producer.publish(records, { timeoutMs: spec.env.KAFKA_ACK_TIMEOUT_MS }),
    );
    this.workers = this.effectWorkers(spec);
    this.gauges = spec.metrics?.watch({
      dataSource: spec.dataSource,
      kafka: spec.kafka,
      consumer: this.consumer,
      consumerName: spec.run.groupId ?? spec.groupId,
      quota: spec.effects?.quota,
      circuits: this.workers.map((worker) => ({
        worker: worker.kinds.join(','),
        state: () => worker.circuitState(),
      })),
    });
    const janitor = new RuntimeJanitor(spec.dataSource, { ledgerRetentionMs: spec.env.LEDGER_RETENTION_MS });
    this.background = [
      { start: () => this.relay?.start(), stop: () => this.relay?.stop() ?? Promise.resolve() },
      ...this.workers,
      janitor,
      ...(spec.jobs?.(wake) ?? []),
    ];
  }

  /** The topics the consumer reads in this mode. */
  get topics(): readonly string[] {
    return this.consumer.topics;
  }

  get dataSource(): DataSource {
    return this.spec.dataSource;
  }

  /** The app's Kafka client: the ops admin API reads parked records back and publishes retries with it. */
  get kafka(): Kafka {
    return this.spec.kafka;
  }

  /** What the app read as a consumer app (ledger retention, admin tokens, Kafka client id). */
  get env(): Readonly<ConsumerAppEnv> {
    return this.spec.env;
  }

  /** For readiness: the consumer's state, and the partitions stalled for `stalledAfterMs`. */
  probe(stalledAfterMs: number): ConsumerProbe {
    return this.consumer.probe(stalledAfterMs);
  }

  onApplicationBootstrap(): void {
    for (const job of this.background) {
      job.start();
    }
  }

  startConsuming(): Promise<void> {
    return this.consumer.start();
  }

  /** The consumer first (no new work), then the background in reverse order, then the pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    for (const job of [...this.background].reverse()) {
      await job.stop();
    }
    await this.gauges?.close();
    await this.spec.dataSource.destroy();
  }

  private effectWorkers(spec: EventRuntimeSpec): EffectWorker[] {
    const lanes = spec.effectLanes ?? [];
    const laneKinds = lanes.flatMap((lane) => lane.executors.map((executor) => executor.kind));
    const platform = spec.effects
      ? {
          executors: spec.effects.executors,
          options: {
            leaseMs: spec.effects.env.EFFECT_LEASE_MS,
            maxAttempts: spec.effects.env.EFFECT_MAX_ATTEMPTS,
            baseDelayMs: spec.effects.env.EFFECT_RETRY_BASE_DELAY_MS,
            concurrency: spec.effects.env.EFFECT_CONCURRENCY,
            kinds: { except: laneKinds },
          },
        }
      : undefined;
    const deps = {
      onSettled: (kind: string, settlement: Settlement, seconds: number) =>
        spec.metrics?.effect(kind, settlement, seconds),
      afterCommit: (wrote: TransactionWrites) => this.wake(wrote),
    };
    return [
      ...(platform
        ? [
            new EffectWorker(spec.dataSource, platform.executors, platform.options, {
              ...deps,
              quota: spec.effects?.quota,
            }),
          ]
        : []),
      ...lanes.map(
        (lane) =>
          new EffectWorker(
            spec.dataSource,
            lane.executors,
            { ...lane.options, kinds: { only: lane.executors.map((executor) => executor.kind) } },
            deps,
          ),
      ),
    ];
  }

  private wake(wrote: TransactionWrites): void {
    if (wrote.outbox) {
      this.relay?.wake();
    }
    if (wrote.effects) {
      for (const worker of this.workers) {
        worker.wake();
      }
    }
  }
}
