import { TOPICS } from '@handover/contracts';
import {
  BatchedKafkaServer,
  KAFKA_CLIENT,
  KafkaProducerService,
  OutboxRelay,
  RuntimeJanitor,
} from '@handover/kafka';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from '../config/intervention-stats.config';
import { DailyRollupRefresher } from '../rollup/daily-rollup.refresher';
import { CONSUMER_GROUP, DATA_SOURCE, RUNTIME_MODE, type RuntimeMode } from './runtime.tokens';

export const CONSUMED_TOPICS = [
  TOPICS.engageEvents.name,
  TOPICS.botEvents.name,
  TOPICS.handoverEvents.name,
  TOPICS.availabilityEvents.name,
];

/**
 * The batched consumer, the outbox relay that parks poison records on intervention-stats.dlq, and
 * the daily rollup's refresher (live only: replay compares the tables it derives from).
 */
@Injectable()
export class ConsumerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly server: BatchedKafkaServer;
  private readonly relay: OutboxRelay;
  private readonly janitor: RuntimeJanitor;
  private readonly rollup: DailyRollupRefresher;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(INTERVENTION_STATS_CONFIG) config: InterventionStatsConfig,
    @Inject(RUNTIME_MODE) private readonly mode: RuntimeMode,
    @Inject(CONSUMER_GROUP) groupId: string,
    producer: KafkaProducerService,
  ) {
    this.relay = new OutboxRelay(dataSource, (records) =>
      producer.publish(records, { timeoutMs: config.KAFKA_ACK_TIMEOUT_MS }),
    );
    this.janitor = new RuntimeJanitor(dataSource, { ledgerRetentionMs: config.LEDGER_RETENTION_MS });
    this.rollup = new DailyRollupRefresher(dataSource, { intervalMs: config.STATS_ROLLUP_REFRESH_MS });
    this.server = new BatchedKafkaServer({
      kafka,
      groupId,
      topics: CONSUMED_TOPICS,
      dlqTopic: TOPICS.interventionStatsDlq.name,
      dataSource,
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      partitionsConsumedConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
      // StatsStore applies a thread's record once, keyed by its timeline row's event id.
      dedupeEventIds: false,
      afterCommit: (wrote) => (this.mode === 'live' && wrote.outbox ? this.relay.wake() : undefined),
    });
  }

  onApplicationBootstrap(): void {
    if (this.mode === 'live') {
      this.relay.start();
      this.janitor.start();
      this.rollup.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.close();
    await this.janitor.stop();
    await this.rollup.stop();
    await this.relay.stop();
    await this.dataSource.destroy();
  }
}
