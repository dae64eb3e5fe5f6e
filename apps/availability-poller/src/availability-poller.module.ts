import { TOPICS } from '@handover/contracts';
import { EngageClientModule, engageClientOptionsFrom, quotaOptionsFrom } from '@handover/engage-client';
import { KafkaModule, kafkaConnectionOf } from '@handover/kafka';
import {
  DATA_SOURCE,
  KafkaPostgresHealthHttpController,
  openAppDataSource,
  PlatformQuota,
  quotaHolder,
  registerQuotaGauges,
} from '@handover/event-runtime';
import { METRICS_REGISTRY, ObservabilityModule } from '@handover/observability';
import { type Registry } from 'prom-client';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { AVAILABILITY_POLLER_MIGRATIONS } from '../migrations';
import { AVAILABILITY_POLLER_ENTITIES } from './projection';
import {
  AVAILABILITY_POLLER_CONFIG,
  type AvailabilityPollerConfig,
} from './config/availability-poller.config';
import { AvailabilityPollJob } from './polling/availability-poll.job';
import { AvailabilityPollService } from './polling/availability-poll.service';
import { PollMetrics } from './polling/poll.metrics';
import { PollerStateRepository } from './projection/poller-state.repository';
import { CLOCK, type Clock } from './polling/poller.tokens';

export interface AvailabilityPollerRunOptions {
  /** The poller's notion of now (tests may pin it); defaults to the system clock. */
  clock?: Clock;
}

@Module({})
export class AvailabilityPollerModule {
  static forRoot(config: AvailabilityPollerConfig, run: AvailabilityPollerRunOptions = {}): DynamicModule {
    const { app, engage } = config;
    return {
      module: AvailabilityPollerModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'availability-poller', logLevel: app.LOG_LEVEL }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            ...kafkaConnectionOf(app, 'availability-poller'),
            lingerMs: app.KAFKA_LINGER_MS,
            maxBufferedRecords: app.KAFKA_MAX_BUFFERED_RECORDS,
            topics: [TOPICS.availabilityEvents],
          }),
        }),
        EngageClientModule.forRootAsync({
          // One request per call, as everywhere: every request is counted in the platform quota,
          // a 429 reaches the poller's backoff, and the next poll is the retry.
          useFactory: () => engageClientOptionsFrom(engage),
        }),
      ],
      controllers: [KafkaPostgresHealthHttpController],
      providers: [
        { provide: AVAILABILITY_POLLER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: run.clock ?? (() => new Date()) },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            openAppDataSource({
              url: app.DATABASE_URL,
              schema: app.DATABASE_SCHEMA,
              entities: AVAILABILITY_POLLER_ENTITIES,
              migrations: AVAILABILITY_POLLER_MIGRATIONS,
              poolSize: 4,
            }),
        },
        {
          provide: PlatformQuota,
          inject: [DATA_SOURCE, METRICS_REGISTRY],
          useFactory: async (dataSource: DataSource, registry: Registry) => {
            const quota = await PlatformQuota.open(dataSource, {
              ...quotaOptionsFrom(engage),
              holder: quotaHolder('availability-poller'),
            });
            registerQuotaGauges(registry, quota);
            return quota;
          },
        },
        PollerStateRepository,
        PollMetrics,
        AvailabilityPollService,
        AvailabilityPollJob,
      ],
    };
  }
}
