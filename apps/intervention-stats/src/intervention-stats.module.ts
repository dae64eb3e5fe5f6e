import { TOPICS } from '@handover/contracts';
import { KAFKA_CLIENT, KafkaModule, kafkaConnectionOf, KafkaProducerService } from '@handover/kafka';
import {
  DATA_SOURCE,
  ConsumerMetrics,
  EventRuntime,
  openRuntimeDataSource,
  type RunOptions,
  RuntimeHealthHttpController,
  opsAdminControllers,
} from '@handover/event-runtime';
import { METRICS_REGISTRY, ObservabilityModule } from '@handover/observability';
import { type Registry } from 'prom-client';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { DASHBOARD_ACCESS, DashboardAccess, NO_SUPERVISORS } from './access/dashboard-access';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from './config/intervention-stats.config';
import { DashboardLoginHttpController } from './dashboard/dashboard-login.http.controller';
import { DashboardFailuresHttpController } from './dashboard/dashboard-failures.http.controller';
import { DashboardHttpController } from './dashboard/dashboard.http.controller';
import { EMERGENCY_AUDIT, EmergencyAuditRepository } from './dashboard/emergency-audit.repository';
import { PROJECTION_ENTITIES } from './projection';
import { ensureProjectionVersion, versionedGroupId } from './projection/projection-version';
import { AnalyticsHttpController } from './queries/analytics.http.controller';

import { statsProjectors } from './projection/stats.projectors';
import { DailyRollupRefresher } from './rollup/daily-rollup.refresher';
import { INTERVENTION_STATS_MIGRATIONS } from '../migrations';

@Module({})
export class InterventionStatsModule {
  static forRoot(config: InterventionStatsConfig, run: RunOptions = { mode: 'live' }): DynamicModule {
    return {
      module: InterventionStatsModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'intervention-stats', logLevel: config.LOG_LEVEL }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            ...kafkaConnectionOf(config, 'intervention-stats'),
            lingerMs: config.KAFKA_LINGER_MS,
            maxBufferedRecords: config.KAFKA_MAX_BUFFERED_RECORDS,
            topics: [
              TOPICS.engageEvents,
              TOPICS.botEvents,
              TOPICS.handoverEvents,
              TOPICS.availabilityEvents,
              TOPICS.interventionStatsDlq,
            ],
          }),
        }),
      ],
      controllers: [
        AnalyticsHttpController,
        DashboardHttpController,
        DashboardFailuresHttpController,
        DashboardLoginHttpController,
        RuntimeHealthHttpController,
        ...opsAdminControllers(config),
      ],
      providers: [
        { provide: INTERVENTION_STATS_CONFIG, useValue: config },
        {
          provide: EventRuntime,
          inject: [KAFKA_CLIENT, KafkaProducerService, METRICS_REGISTRY],
          useFactory: (kafka: Kafka, producer: KafkaProducerService, registry: Registry) =>
            statsRuntime(config, run, kafka, producer, new ConsumerMetrics(registry, 'intervention_stats')),
        },
        {
          provide: DATA_SOURCE,
          inject: [EventRuntime],
          useFactory: (runtime: EventRuntime) => runtime.dataSource,
        },
        {
          provide: DASHBOARD_ACCESS,
          useFactory: () => {
            const access = new DashboardAccess(config);
            if (!access.enabled && run.mode === 'live') {
              new Logger('Dashboard').warn(
                `${NO_SUPERVISORS}: the dashboard and the analytics API answer 401`,
              );
            }
            return access;
          },
        },
        {
          provide: EMERGENCY_AUDIT,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new EmergencyAuditRepository(dataSource),
        },
      ],
    };
  }
}

/**
 * The statistics' projectors (no reactor: the app decides nothing) and the daily rollup's refresher
 * (live only: replay compares the tables it derives from). Each write is keyed by the event id
 * (StatsRepository), so the consumer's own event-id claims are not needed.
 */
async function statsRuntime(
  config: InterventionStatsConfig,
  run: RunOptions,
  kafka: Kafka,
  producer: KafkaProducerService,
  metrics: ConsumerMetrics,
): Promise<EventRuntime> {
  const dataSource = await openRuntimeDataSource(config, run, {
    entities: PROJECTION_ENTITIES,
    migrations: INTERVENTION_STATS_MIGRATIONS,
  });
  await ensureProjectionVersion(dataSource);
  return new EventRuntime({
    run,
    kafka,
    dataSource,
    groupId: versionedGroupId(config.KAFKA_GROUP_ID),
    dlqTopic: TOPICS.interventionStatsDlq.name,
    projectors: statsProjectors(config.BOT_USER_ID ?? null),
    env: config,
    dedupeEventIds: false,
    producer,
    jobs: () => [new DailyRollupRefresher(dataSource, { intervalMs: config.STATS_ROLLUP_REFRESH_MS }).job()],
    metrics,
  });
}
