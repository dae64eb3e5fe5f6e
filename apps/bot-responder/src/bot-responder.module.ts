import { TOPICS } from '@handover/contracts';
import {
  EngageClient,
  EngageClientModule,
  engageClientOptionsFrom,
  quotaOptionsFrom,
} from '@handover/engage-client';
import { KAFKA_CLIENT, KafkaModule, kafkaConnectionOf, KafkaProducerService } from '@handover/kafka';
import {
  type AppHandlers,
  ConsumerMetrics,
  EventRuntime,
  openPlatformQuota,
  openRuntimeDataSource,
  type RunOptions,
  RuntimeHealthHttpController,
  opsAdminControllers,
} from '@handover/event-runtime';
import { METRICS_REGISTRY, ObservabilityModule } from '@handover/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { type Kafka } from 'kafkajs';
import { type Registry } from 'prom-client';
import { type BotEngine, botEngineOptionsFrom, botLaneOptions, createBotEngine } from './bot-engine';
import { type BotResponderConfig } from './config/bot-responder.config';
import { PROJECTION_ENTITIES } from './projection';
import {
  decisionsProjector,
  emergencySwitchProjector,
  engageFactsProjector,
  handoverMovesProjector,
  threadReadsProjector,
} from './projection/thread.projectors';
import { CloseInterventionExecutor } from './effects/close-intervention.executor';
import { OpenInterventionExecutor } from './effects/open-intervention.executor';
import { PostReplyExecutor } from './effects/post-reply.executor';
import { ReadThreadExecutor } from './effects/read-thread.executor';
import { AskBotExecutor } from './effects/ask-bot.executor';
import { TurnContextReader } from './effects/turn-context.reader';
import { type ReplyPolicy } from './replies/reply.decider';
import { ReplyReactor } from './replies/reply.reactor';
import { BOT_RESPONDER_MIGRATIONS } from '../migrations';

@Module({})
export class BotResponderModule {
  static forRoot(config: BotResponderConfig, run: RunOptions = { mode: 'live' }): DynamicModule {
    const { app, engage } = config;
    return {
      module: BotResponderModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'bot-responder', logLevel: app.LOG_LEVEL }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            ...kafkaConnectionOf(app, 'bot-responder'),
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
      controllers: [RuntimeHealthHttpController, ...opsAdminControllers(app)],
      providers: [
        {
          provide: EventRuntime,
          inject: [KAFKA_CLIENT, KafkaProducerService, EngageClient, METRICS_REGISTRY],
          useFactory: async (
            kafka: Kafka,
            producer: KafkaProducerService,
            client: EngageClient,
            registry: Registry,
          ) =>
            botResponderRuntime(config, run, {
              kafka,
              producer,
              client,
              metrics: new ConsumerMetrics(registry, 'bot_responder'),
            }),
        },
      ],
    };
  }
}

/** What bot-responder does with events. */
export function botResponderHandlers(policy: ReplyPolicy, engine?: BotEngine): AppHandlers {
  return {
    projectors: [
      engageFactsProjector(policy.botCategoryId),
      handoverMovesProjector,
      emergencySwitchProjector,
      threadReadsProjector(policy.botCategoryId),
    ],
    reactors: new ReplyReactor(policy, () => new Date(), engine?.inProcess ? engine : undefined).handlers(),
    ownDecisions: [decisionsProjector],
  };
}

/** bot-responder's runtime: its handlers, and the platform calls it makes. */
async function botResponderRuntime(
  config: BotResponderConfig,
  run: RunOptions,
  deps: { kafka: Kafka; producer: KafkaProducerService; client: EngageClient; metrics: ConsumerMetrics },
): Promise<EventRuntime> {
  const { app } = config;
  const policy: ReplyPolicy = {
    botCategoryId: app.BOT_CATEGORY_ID,
    agentCategoryId: app.AGENT_CATEGORY_ID,
    botUserId: app.BOT_USER_ID,
    attachmentNotices: app.BOT_ATTACHMENT_NOTICES,
    openInterventionFirst: app.BOT_OPEN_INTERVENTION_FIRST,
    maxConsecutiveFallbacks: app.BOT_MAX_CONSECUTIVE_FALLBACKS,
    defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
    failurePolicy: app.BOT_FAILURE_POLICY,
    apologies: app.BOT_APOLOGIES,
  };
  const engineOptions = botEngineOptionsFrom(app);
  const engine: BotEngine = createBotEngine(engineOptions);
  const dataSource = await openRuntimeDataSource(app, run, {
    entities: PROJECTION_ENTITIES,
    migrations: BOT_RESPONDER_MIGRATIONS,
  });
  const { client } = deps;
  const quota = await openPlatformQuota(run, dataSource, quotaOptionsFrom(config.engage), 'bot-responder');
  const turnContext = new TurnContextReader(client, quota, {
    identity: app.BOT_HTTP_TURN_CONTEXT.includes('identity'),
    attachments: app.BOT_HTTP_TURN_CONTEXT.includes('attachments'),
  });
  const askBot = new AskBotExecutor(engine, turnContext);
  return new EventRuntime({
    run,
    kafka: deps.kafka,
    dataSource,
    groupId: app.KAFKA_GROUP_ID,
    dlqTopic: TOPICS.botResponderDlq.name,
    ...botResponderHandlers(policy, engine),
    env: app,
    producer: deps.producer,
    effects: {
      env: app,
      executors: [
        new OpenInterventionExecutor(client, app.BOT_USER_ID, app.AGENT_CATEGORY_ID),
        new PostReplyExecutor(client),
        new CloseInterventionExecutor(client, dataSource),
        new ReadThreadExecutor(client),
      ],
      quota,
    },
    // Also for an engine asked in-process: turns asked before a switch to it are still answered.
    effectLanes: [{ executors: [askBot], options: botLaneOptions(app, engineOptions) }],
    metrics: deps.metrics,
  });
}
