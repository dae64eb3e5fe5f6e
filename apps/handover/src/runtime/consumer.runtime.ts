import { TOPICS } from '@handover/contracts';
import { EngageClient } from '@handover/engage-client';
import {
  BatchedKafkaServer,
  type EffectExecutor,
  EffectWorker,
  KAFKA_CLIENT,
  KafkaProducerService,
  OutboxRelay,
  RuntimeJanitor,
  type TransactionWrites,
} from '@handover/kafka';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { HANDOVER_CONFIG, type HandoverConfig } from '../config/handover.config';
import { AgentNoteExecutor } from '../effects/agent-note.executor';
import { CloseThreadExecutor } from '../effects/close-thread.executor';
import { PostContentExecutor } from '../effects/post-content.executor';
import { SourceDefaultExecutor } from '../effects/source-default.executor';
import { SourceDefaultsPlanExecutor } from '../effects/source-defaults-plan.executor';
import { UpdateCategoriesExecutor } from '../effects/update-categories.executor';
import { RoutingService } from '../handover/routing.service';
import { RoutingRepository } from '../projection/routing.repository';
import { type RoutingPolicy } from '../routing/routing-policy';
import { RuntimeMetrics } from './runtime.metrics';
import {
  CONSUMER_GROUP,
  DATA_SOURCE,
  ROUTING_POLICY,
  RUNTIME_MODE,
  type RuntimeMode,
} from './runtime.tokens';

const LIVE_TOPICS = [
  TOPICS.engageEvents.name,
  TOPICS.botEvents.name,
  TOPICS.availabilityEvents.name,
  TOPICS.opsCommands.name,
];

/** Live decides from the inputs; replay also reads the decisions back from handover.events.v1. */
export function consumedTopics(mode: RuntimeMode): string[] {
  return mode === 'live' ? LIVE_TOPICS : [...LIVE_TOPICS, TOPICS.handoverEvents.name];
}

/** Threads whose waiting time is checked per pass; the rest wait for the next pass. */
const WAITING_BATCH = 100;

/**
 * The exactly-once machinery around the handlers: the batched consumer, the outbox relay, the
 * effect worker (paced within this app's share of the RCED quota) and the routing jobs (waiting
 * times, emergency sweep).
 */
@Injectable()
export class ConsumerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly server: BatchedKafkaServer;
  private readonly relay: OutboxRelay;
  private readonly worker: EffectWorker;
  private readonly janitor: RuntimeJanitor;
  private waitingTimer: NodeJS.Timeout | undefined;
  private waitingRun: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(HANDOVER_CONFIG) private readonly config: HandoverConfig,
    @Inject(RUNTIME_MODE) private readonly mode: RuntimeMode,
    @Inject(CONSUMER_GROUP) groupId: string,
    @Inject(ROUTING_POLICY) policy: RoutingPolicy,
    private readonly routing: RoutingService,
    private readonly metrics: RuntimeMetrics,
    producer: KafkaProducerService,
    client: EngageClient,
  ) {
    const { app } = config;
    this.relay = new OutboxRelay(dataSource, (records) =>
      producer.publish(records, { timeoutMs: app.KAFKA_ACK_TIMEOUT_MS }),
    );
    this.worker = new EffectWorker(
      dataSource,
      executors(client, dataSource, policy, routing),
      {
        leaseMs: app.EFFECT_LEASE_MS,
        maxAttempts: app.EFFECT_MAX_ATTEMPTS,
        concurrency: app.EFFECT_CONCURRENCY,
        callBudget: { calls: app.ENGAGE_CALLS_PER_WINDOW, windowMs: app.ENGAGE_CALLS_WINDOW_MS },
      },
      { onSettled: (kind, settlement, seconds) => metrics.effect(kind, settlement, seconds) },
    );
    this.janitor = new RuntimeJanitor(dataSource, { ledgerRetentionMs: app.LEDGER_RETENTION_MS });
    this.server = new BatchedKafkaServer({
      kafka,
      groupId,
      topics: consumedTopics(mode),
      dlqTopic: TOPICS.handoverDlq.name,
      dataSource,
      maxAttempts: app.CONSUMER_MAX_ATTEMPTS,
      partitionsConsumedConcurrently: app.CONSUMER_PARTITIONS_CONCURRENTLY,
      afterCommit: (wrote) => this.wake(wrote),
      onBatch: (topic, outcome, seconds) => metrics.batch(topic, outcome, seconds),
    });
  }

  onApplicationBootstrap(): void {
    if (this.mode === 'live') {
      this.relay.start();
      this.worker.start();
      this.janitor.start();
      this.scheduleWaitingCheck();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.waitingTimer);
    this.waitingTimer = undefined;
    await this.waitingRun;
    await this.server.close();
    await this.worker.stop();
    await this.janitor.stop();
    await this.relay.stop();
    await this.dataSource.destroy();
  }

  private scheduleWaitingCheck(): void {
    this.waitingTimer = setTimeout(() => {
      this.waitingRun = this.checkWaiting().finally(() => {
        if (this.waitingTimer !== undefined) {
          this.scheduleWaitingCheck();
        }
      });
    }, this.config.app.HANDOVER_WAITING_CHECK_MS);
  }

  /** Ends the waiting time of threads nobody took, by the configured fallback; moves the next emergency threads. */
  private async checkWaiting(): Promise<void> {
    try {
      const expired = await this.dataSource.transaction((manager) =>
        this.routing.expireWaiting(manager, WAITING_BATCH),
      );
      const moved = await this.dataSource.transaction((manager) =>
        this.routing.sweepEmergency(manager, this.config.app.HANDOVER_EMERGENCY_MOVES_IN_FLIGHT),
      );
      if (expired > 0) {
        this.metrics.waitingExpired(expired);
      }
      if (expired + moved > 0) {
        this.wake();
      }
    } catch (error) {
      this.metrics.waitingCheckFailed(error);
    }
  }

  private wake(wrote: TransactionWrites = { outbox: true, effects: true }): void {
    if (this.mode === 'live') {
      if (wrote.outbox) {
        this.relay.wake();
      }
      if (wrote.effects) {
        this.worker.wake();
      }
    }
  }
}

/** The platform calls, with the routing decisions some of them lead to when they settle. */
function executors(
  client: EngageClient,
  dataSource: DataSource,
  policy: RoutingPolicy,
  routing: RoutingService,
): EffectExecutor[] {
  const agentNotes = new AgentNoteExecutor(client, policy.botUserId);
  return [
    new UpdateCategoriesExecutor(client, policy, {
      applied: (manager, threadId, categoryIds, at) =>
        new RoutingRepository(manager).saveRecategorization(threadId, categoryIds, at),
      failed: (manager, effect) =>
        routing.recategorizationFailed(
          manager,
          effect.payload.threadId,
          effect.payload.target ?? 'AGENT',
          effect.id,
        ),
    }),
    agentNotes,
    new PostContentExecutor(client, agentNotes),
    new CloseThreadExecutor(client, {
      settled: (manager, effect, closed) =>
        routing.closeSettled(
          manager,
          effect.payload.threadId,
          effect.payload.interventionId,
          effect.id,
          closed,
        ),
    }),
    new SourceDefaultsPlanExecutor(client, dataSource, policy),
    new SourceDefaultExecutor(client, dataSource, policy),
  ];
}
