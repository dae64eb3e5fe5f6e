import { TOPICS } from '@handover/contracts';
import { EngageClientModule, engageClientOptionsFrom } from '@handover/engage-client';
import { KafkaHealthHttpController, KafkaModule, openAppDataSource } from '@handover/kafka';
import { ObservabilityModule } from '@handover/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BOT_ENGINE, createBotEngine } from './bot-engine';
import { BOT_RESPONDER_CONFIG, type BotResponderConfig } from './config/bot-responder.config';
import { HandoverEventsKafkaController } from './conversation/handover-events.kafka.controller';
import { InterventionEventsKafkaController } from './conversation/intervention-events.kafka.controller';
import { PROJECTION_ENTITIES } from './conversation';
import { OpsCommandsKafkaController } from './ops/ops-commands.kafka.controller';
import { BotEventsKafkaController } from './replies/bot-events.kafka.controller';
import { ContentImportedKafkaController } from './replies/content-imported.kafka.controller';
import { OwnContentKafkaController } from './replies/own-content.kafka.controller';
import { type ReplyPolicy } from './replies/reply.decider';
import { ReplyService } from './replies/reply.service';
import { ConsumerRuntime } from './runtime/consumer.runtime';
import { RuntimeMetrics } from './runtime/runtime.metrics';
import {
  CLOCK,
  CONSUMER_GROUP,
  DATA_SOURCE,
  REPLY_POLICY,
  RUNTIME_MODE,
  type RuntimeMode,
} from './runtime/runtime.tokens';
import { BOT_RESPONDER_MIGRATIONS } from '../migrations';

export interface BotResponderRunOptions {
  mode: RuntimeMode;
  /** Replay writes into a fresh schema under its own consumer group. */
  schema?: string;
  groupId?: string;
}

@Module({})
export class BotResponderModule {
  static forRoot(config: BotResponderConfig, run: BotResponderRunOptions = { mode: 'live' }): DynamicModule {
    const { app, engage } = config;
    const policy: ReplyPolicy = {
      botCategoryId: app.BOT_CATEGORY_ID,
      agentCategoryId: app.AGENT_CATEGORY_ID,
      botUserId: app.BOT_USER_ID,
      attachmentNotices: app.BOT_ATTACHMENT_NOTICES,
      openInterventionFirst: app.BOT_OPEN_INTERVENTION_FIRST,
      maxConsecutiveFallbacks: app.BOT_MAX_CONSECUTIVE_FALLBACKS,
      defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
    };
    return {
      module: BotResponderModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'bot-responder', logLevel: app.LOG_LEVEL }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            brokers: app.KAFKA_BROKERS,
            clientId: `${app.KAFKA_CLIENT_ID}-bot-responder`,
            lingerMs: app.KAFKA_LINGER_MS,
            maxBufferedRecords: app.KAFKA_MAX_BUFFERED_RECORDS,
            topics: [
              TOPICS.engageEvents,
              TOPICS.botEvents,
              TOPICS.opsCommands,
              TOPICS.handoverEvents,
              TOPICS.botResponderDlq,
            ],
          }),
        }),
        EngageClientModule.forRootAsync({ useFactory: () => engageClientOptionsFrom(engage) }),
      ],
      controllers: [
        ContentImportedKafkaController,
        OwnContentKafkaController,
        BotEventsKafkaController,
        InterventionEventsKafkaController,
        OpsCommandsKafkaController,
        HandoverEventsKafkaController,
        KafkaHealthHttpController,
      ],
      providers: [
        { provide: BOT_RESPONDER_CONFIG, useValue: config },
        { provide: RUNTIME_MODE, useValue: run.mode },
        { provide: CONSUMER_GROUP, useValue: run.groupId ?? app.KAFKA_GROUP_ID },
        { provide: CLOCK, useValue: () => new Date() },
        { provide: REPLY_POLICY, useValue: policy },
        {
          provide: BOT_ENGINE,
          useFactory: () =>
            app.BOT_ENGINE === 'rasa'
              ? createBotEngine({
                  kind: 'rasa',
                  url: app.BOT_RASA_URL ?? '',
                  timeoutMs: app.BOT_RASA_TIMEOUT_MS,
                  defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
                })
              : createBotEngine({ kind: 'rules', rulesFile: app.BOT_RULES_FILE }),
        },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            openAppDataSource({
              url: app.DATABASE_URL,
              schema: run.schema ?? app.DATABASE_SCHEMA,
              entities: PROJECTION_ENTITIES,
              migrations: BOT_RESPONDER_MIGRATIONS,
            }),
        },
        ReplyService,
        RuntimeMetrics,
        ConsumerRuntime,
      ],
    };
  }
}
