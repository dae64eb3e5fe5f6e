import { TOPICS } from '@handover/contracts';
import { EngageClientModule, engageClientOptionsFrom } from '@handover/engage-client';
import { KafkaHealthHttpController, KafkaModule, openAppDataSource } from '@handover/kafka';
import { ObservabilityModule } from '@handover/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AvailabilityEventsKafkaController } from './availability/availability-events.kafka.controller';
import { HANDOVER_CONFIG, type HandoverConfig } from './config/handover.config';
import { OpsCommandsKafkaController } from './emergency/ops-commands.kafka.controller';
import { BotEventsKafkaController } from './handover/bot-events.kafka.controller';
import { EngageEventsKafkaController } from './handover/engage-events.kafka.controller';
import { HandoverEventsKafkaController } from './handover/handover-events.kafka.controller';
import { RoutingService } from './handover/routing.service';
import { PROJECTION_ENTITIES } from './projection';
import { type RoutingPolicy } from './routing/routing-policy';
import { ConsumerRuntime } from './runtime/consumer.runtime';
import { RuntimeMetrics } from './runtime/runtime.metrics';
import {
  CLOCK,
  CONSUMER_GROUP,
  DATA_SOURCE,
  ROUTING_POLICY,
  RUNTIME_MODE,
  type RuntimeMode,
} from './runtime/runtime.tokens';
import { HANDOVER_MIGRATIONS } from '../migrations';

export interface HandoverRunOptions {
  mode: RuntimeMode;
  /** Replay writes into a fresh schema under its own consumer group. */
  schema?: string;
  groupId?: string;
}

export function routingPolicyOf({ app }: HandoverConfig): RoutingPolicy {
  return {
    botCategoryId: app.BOT_CATEGORY_ID,
    agentCategoryId: app.AGENT_CATEGORY_ID,
    botUserId: app.BOT_USER_ID,
    reopenPolicy: app.HANDOVER_REOPEN_POLICY,
    agentNote: app.HANDOVER_AGENT_NOTE,
    waitingTimeoutMs: app.HANDOVER_WAITING_TIMEOUT_MS,
    waitingFallback: app.HANDOVER_WAITING_FALLBACK,
    waitingNotices: app.HANDOVER_WAITING_NOTICES,
    stillWaitingNotices: app.HANDOVER_STILL_WAITING_NOTICES,
    waitingReminderMs: app.HANDOVER_WAITING_REMINDER_MS,
    offlineNotices: app.HANDOVER_OFFLINE_NOTICES,
    defaultLanguage: app.HANDOVER_DEFAULT_LANGUAGE,
    loopMaxHandovers: app.HANDOVER_LOOP_MAX_HANDOVERS,
    loopWindowMs: app.HANDOVER_LOOP_WINDOW_MS,
  };
}

@Module({})
export class HandoverModule {
  static forRoot(config: HandoverConfig, run: HandoverRunOptions = { mode: 'live' }): DynamicModule {
    const { app, engage } = config;
    return {
      module: HandoverModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'handover', logLevel: app.LOG_LEVEL }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            brokers: app.KAFKA_BROKERS,
            clientId: `${app.KAFKA_CLIENT_ID}-handover`,
            lingerMs: app.KAFKA_LINGER_MS,
            maxBufferedRecords: app.KAFKA_MAX_BUFFERED_RECORDS,
            topics: [
              TOPICS.engageEvents,
              TOPICS.botEvents,
              TOPICS.availabilityEvents,
              TOPICS.opsCommands,
              TOPICS.handoverEvents,
              TOPICS.handoverDlq,
            ],
          }),
        }),
        EngageClientModule.forRootAsync({ useFactory: () => engageClientOptionsFrom(engage) }),
      ],
      controllers: [
        BotEventsKafkaController,
        EngageEventsKafkaController,
        AvailabilityEventsKafkaController,
        OpsCommandsKafkaController,
        HandoverEventsKafkaController,
        KafkaHealthHttpController,
      ],
      providers: [
        { provide: HANDOVER_CONFIG, useValue: config },
        { provide: RUNTIME_MODE, useValue: run.mode },
        { provide: CONSUMER_GROUP, useValue: run.groupId ?? app.KAFKA_GROUP_ID },
        { provide: CLOCK, useValue: () => new Date() },
        { provide: ROUTING_POLICY, useValue: routingPolicyOf(config) },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            openAppDataSource({
              url: app.DATABASE_URL,
              schema: run.schema ?? app.DATABASE_SCHEMA,
              entities: PROJECTION_ENTITIES,
              migrations: HANDOVER_MIGRATIONS,
            }),
        },
        RoutingService,
        RuntimeMetrics,
        ConsumerRuntime,
      ],
    };
  }
}
