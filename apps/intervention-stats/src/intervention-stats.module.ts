import { TOPICS } from '@handover/contracts';
import { KafkaHealthHttpController, KafkaModule, openAppDataSource } from '@handover/kafka';
import { ObservabilityModule } from '@handover/observability';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { type DataSource } from 'typeorm';
import { DASHBOARD_ACCESS, DashboardAccess, NO_SUPERVISORS } from './access/dashboard-access';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from './config/intervention-stats.config';
import { DashboardLoginHttpController } from './dashboard/dashboard-login.http.controller';
import { DashboardHttpController } from './dashboard/dashboard.http.controller';
import { EMERGENCY_AUDIT, EmergencyAuditRepository } from './dashboard/emergency-audit.repository';
import { PROJECTION_ENTITIES } from './projections';
import { AvailabilityEventsKafkaController } from './projections/availability-events.kafka.controller';
import { BotEventsKafkaController } from './projections/bot-events.kafka.controller';
import { EmergencyEventsKafkaController } from './projections/emergency-events.kafka.controller';
import { EngageEventsKafkaController } from './projections/engage-events.kafka.controller';
import { HandoverEventsKafkaController } from './projections/handover-events.kafka.controller';
import { ensureProjectionVersion, versionedGroupId } from './projections/projection-version';
import { AnalyticsHttpController } from './queries/analytics.http.controller';
import { ConsumerRuntime } from './runtime/consumer.runtime';
import { CONSUMER_GROUP, DATA_SOURCE, RUNTIME_MODE, type RuntimeMode } from './runtime/runtime.tokens';
import { INTERVENTION_STATS_MIGRATIONS } from '../migrations';

export interface InterventionStatsRunOptions {
  mode: RuntimeMode;
  /** Replay writes into a fresh schema under its own consumer group. */
  schema?: string;
  groupId?: string;
}

@Module({})
export class InterventionStatsModule {
  static forRoot(
    config: InterventionStatsConfig,
    run: InterventionStatsRunOptions = { mode: 'live' },
  ): DynamicModule {
    return {
      module: InterventionStatsModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'intervention-stats', logLevel: config.LOG_LEVEL }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            brokers: config.KAFKA_BROKERS,
            clientId: `${config.KAFKA_CLIENT_ID}-intervention-stats`,
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
        EngageEventsKafkaController,
        BotEventsKafkaController,
        HandoverEventsKafkaController,
        EmergencyEventsKafkaController,
        AvailabilityEventsKafkaController,
        AnalyticsHttpController,
        DashboardHttpController,
        DashboardLoginHttpController,
        KafkaHealthHttpController,
      ],
      providers: [
        { provide: INTERVENTION_STATS_CONFIG, useValue: config },
        { provide: RUNTIME_MODE, useValue: run.mode },
        { provide: CONSUMER_GROUP, useValue: run.groupId ?? versionedGroupId(config.KAFKA_GROUP_ID) },
        {
          provide: DATA_SOURCE,
          useFactory: async () => {
            const dataSource = await openAppDataSource({
              url: config.DATABASE_URL,
              schema: run.schema ?? config.DATABASE_SCHEMA,
              entities: PROJECTION_ENTITIES,
              migrations: INTERVENTION_STATS_MIGRATIONS,
            });
            await ensureProjectionVersion(dataSource);
            return dataSource;
          },
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
        ConsumerRuntime,
      ],
    };
  }
}
