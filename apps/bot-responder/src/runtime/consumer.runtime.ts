import { TOPICS } from '@handover/contracts';
import {
  BatchedKafkaServer,
  EffectWorker,
  KAFKA_CLIENT,
  KafkaProducerService,
  OutboxRelay,
  RuntimeJanitor,
  type TransactionWrites,
} from '@handover/kafka';
import { EngageClient } from '@handover/engage-client';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { BOT_RESPONDER_CONFIG, type BotResponderConfig } from '../config/bot-responder.config';
import { CloseInterventionExecutor } from '../effects/close-intervention.executor';
import { OpenInterventionExecutor } from '../effects/open-intervention.executor';
import { PostReplyExecutor } from '../effects/post-reply.executor';
import { ReadThreadExecutor } from '../effects/read-thread.executor';
import { RuntimeMetrics } from './runtime.metrics';
import { CONSUMER_GROUP, DATA_SOURCE, RUNTIME_MODE, type RuntimeMode } from './runtime.tokens';

export const CONSUMED_TOPICS = [
  TOPICS.engageEvents.name,
  TOPICS.botEvents.name,
  TOPICS.opsCommands.name,
  TOPICS.handoverEvents.name,
];

/**
 * The exactly-once machinery around the handlers: the batched consumer, the outbox relay and the
 * effect worker. Replay builds the same consumer but never starts the relay or the worker.
 */
@Injectable()
export class ConsumerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly server: BatchedKafkaServer;
  private readonly relay: OutboxRelay;
  private readonly worker: EffectWorker;
  private readonly janitor: RuntimeJanitor;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(BOT_RESPONDER_CONFIG) { app }: BotResponderConfig,
    @Inject(RUNTIME_MODE) private readonly mode: RuntimeMode,
    @Inject(CONSUMER_GROUP) groupId: string,
    producer: KafkaProducerService,
    client: EngageClient,
    metrics: RuntimeMetrics,
  ) {
    this.relay = new OutboxRelay(dataSource, (records) =>
      producer.publish(records, { timeoutMs: app.KAFKA_ACK_TIMEOUT_MS }),
    );
    this.worker = new EffectWorker(
      dataSource,
      [
        new OpenInterventionExecutor(client, app.BOT_USER_ID, app.AGENT_CATEGORY_ID),
        new PostReplyExecutor(client),
        new CloseInterventionExecutor(client, dataSource),
        new ReadThreadExecutor(client),
      ],
      {
        leaseMs: app.EFFECT_LEASE_MS,
        maxAttempts: app.EFFECT_MAX_ATTEMPTS,
        concurrency: app.EFFECT_CONCURRENCY,
      },
    );
    this.janitor = new RuntimeJanitor(dataSource, { ledgerRetentionMs: app.LEDGER_RETENTION_MS });
    this.server = new BatchedKafkaServer({
      kafka,
      groupId,
      topics: CONSUMED_TOPICS,
      dlqTopic: TOPICS.botResponderDlq.name,
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
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
    await this.worker.stop();
    await this.janitor.stop();
    await this.relay.stop();
    await this.dataSource.destroy();
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
