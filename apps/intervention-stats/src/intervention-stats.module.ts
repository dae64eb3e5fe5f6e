import { TOPICS } from '@handover/contracts';
import {
  EngageClient,
  EngageClientModule,
  engageClientOptionsFrom,
  quotaOptionsFrom,
} from '@handover/engage-client';
import { KAFKA_CLIENT, KafkaModule, kafkaConnectionOf, KafkaProducerService } from '@handover/kafka';
import {
  DATA_SOURCE,
  ConsumerMetrics,
  EventRuntime,
  openRuntimeDataSource,
  type RunOptions,
  RuntimeHealthHttpController,
  opsAdminControllers,
  openPlatformQuota,
} from '@handover/event-runtime';
import { METRICS_REGISTRY, ObservabilityModule } from '@handover/observability';
import { type Registry } from 'prom-client';
import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { DASHBOARD_ACCESS, DashboardAccess, NO_SUPERVISORS } from './access/dashboard-access';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from './config/intervention-stats.config';
import { DashboardLoginHttpController } from './dashboard/dashboard-login.http.controller';
import { DashboardFailuresHttpController } from './dashboard/dashboard-failures.http.controller';
import { DashboardHttpController } from './dashboard/dashboard.http.controller';
import { DashboardNamesHttpController } from './dashboard/dashboard-names.http.controller';
import { DashboardThreadHttpController } from './dashboard/dashboard-thread.http.controller';
import {
  PLATFORM_NAMES,
  PLATFORM_NAMES_DEFAULTS,
  PlatformNamesCache,
} from './dashboard/platform-names.cache';
import { platformNamesLoader } from './dashboard/platform-names.loader';
import { EMERGENCY_AUDIT, EmergencyAuditRepository } from './dashboard/emergency-audit.repository';
import { PROJECTION_ENTITIES } from './projection';
import { ensureProjectionVersion, versionedGroupId } from './projection/projection-version';
import { AnalyticsHttpController } from './queries/analytics.http.controller';
import { TimeseriesHttpController } from './queries/timeseries.http.controller';

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
        ...(config.engage === null ? [] : [engageClientModule(config.engage)]),
      ],
      controllers: [
        AnalyticsHttpController,
        TimeseriesHttpController,
        DashboardHttpController,
        DashboardFailuresHttpController,
        DashboardLoginHttpController,
        DashboardNamesHttpController,
        DashboardThreadHttpController,
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
        platformNamesProvider(config, run),
        {
          provide: EMERGENCY_AUDIT,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new EmergencyAuditRepository(dataSource),
        },
      ],
    };
  }
}

/** The RCED client for the dashboard's names: one request per call, its failures shown as ids. */
function engageClientModule(engage: NonNullable<InterventionStatsConfig['engage']>): DynamicModule {
  return EngageClientModule.forRootAsync({ useFactory: () => engageClientOptionsFrom(engage) });
}

/** Source and category names from RCED when it is configured, live only (a replay calls nothing). */
function platformNamesProvider(config: InterventionStatsConfig, run: RunOptions): Provider {
  const { engage } = config;
  const clock = (): Date => new Date();
  if (engage === null || run.mode !== 'live') {
    return {
      provide: PLATFORM_NAMES,
      useValue: new PlatformNamesCache(null, { ...PLATFORM_NAMES_DEFAULTS, clock }),
    };
  }
  return {
    provide: PLATFORM_NAMES,
    inject: [EngageClient, DATA_SOURCE],
    useFactory: async (client: EngageClient, dataSource: DataSource) => {
      const quota = await openPlatformQuota(run, dataSource, quotaOptionsFrom(engage), 'intervention-stats');
      const load = quota ? platformNamesLoader(client, quota, engage.ENGAGE_TIMEOUT_MS) : null;
      return new PlatformNamesCache(load, { ...PLATFORM_NAMES_DEFAULTS, clock });
    },
  };
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
