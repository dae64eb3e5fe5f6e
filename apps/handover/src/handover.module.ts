import { TOPICS } from '@handover/contracts';
import {
  EngageClient,
  EngageClientModule,
  engageClientOptionsFrom,
  quotaOptionsFrom,
} from '@handover/engage-client';
import { KAFKA_CLIENT, KafkaModule, kafkaConnectionOf, KafkaProducerService } from '@handover/kafka';
import {
  type EffectExecutor,
  EventRuntime,
  PeriodicJob,
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
import { type DataSource } from 'typeorm';
import { type HandoverConfig } from './config/handover.config';
import { AgentNoteExecutor } from './effects/agent-note.executor';
import { CloseThreadExecutor } from './effects/close-thread.executor';
import { PostContentExecutor } from './effects/post-content.executor';
import { SourceDefaultExecutor } from './effects/source-default.executor';
import { SourceDefaultsPlanExecutor } from './effects/source-defaults-plan.executor';
import { UpdateCategoriesExecutor } from './effects/update-categories.executor';
import { HandoverMetrics } from './handover.metrics';
import { routingHandlers } from './handover/routing.handlers';
import { RoutingService } from './handover/routing.service';
import { PROJECTION_ENTITIES } from './projection';
import { RoutingRepository } from './projection/routing.repository';
import { type RoutingPolicy } from './routing/routing-policy';
import { HANDOVER_MIGRATIONS } from '../migrations';

/** Threads whose waiting time is checked per pass; the rest wait for the next pass. */
const WAITING_BATCH = 100;

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
    botKeywords: app.HANDOVER_BOT_RETURN ? app.HANDOVER_BOT_KEYWORDS : [],
    botReturnNotices: app.HANDOVER_BOT_RETURN_NOTICES,
    defaultLanguage: app.HANDOVER_DEFAULT_LANGUAGE,
    loopMaxHandovers: app.HANDOVER_LOOP_MAX_HANDOVERS,
    loopWindowMs: app.HANDOVER_LOOP_WINDOW_MS,
  };
}

@Module({})
export class HandoverModule {
  static forRoot(config: HandoverConfig, run: RunOptions = { mode: 'live' }): DynamicModule {
    const { app, engage } = config;
    return {
      module: HandoverModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'handover', logLevel: app.LOG_LEVEL }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            ...kafkaConnectionOf(app, 'handover'),
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
      controllers: [RuntimeHealthHttpController, ...opsAdminControllers(app)],
      providers: [
        {
          provide: EventRuntime,
          inject: [KAFKA_CLIENT, KafkaProducerService, EngageClient, METRICS_REGISTRY],
          useFactory: (
            kafka: Kafka,
            producer: KafkaProducerService,
            client: EngageClient,
            registry: Registry,
          ) =>
            handoverRuntime(config, run, { kafka, producer, client, metrics: new HandoverMetrics(registry) }),
        },
      ],
    };
  }
}

/** What handover does with events, the platform calls it makes, and its routing jobs. */
async function handoverRuntime(
  config: HandoverConfig,
  run: RunOptions,
  deps: { kafka: Kafka; producer: KafkaProducerService; client: EngageClient; metrics: HandoverMetrics },
): Promise<EventRuntime> {
  const { app } = config;
  const policy = routingPolicyOf(config);
  const routing = new RoutingService(config, policy, () => new Date());
  const dataSource = await openRuntimeDataSource(app, run, {
    entities: PROJECTION_ENTITIES,
    migrations: HANDOVER_MIGRATIONS,
  });
  const { metrics } = deps;
  if (run.mode === 'live') {
    metrics.watchRouting(dataSource);
  }
  return new EventRuntime({
    run,
    kafka: deps.kafka,
    dataSource,
    groupId: app.KAFKA_GROUP_ID,
    dlqTopic: TOPICS.handoverDlq.name,
    ...routingHandlers(routing),
    env: app,
    producer: deps.producer,
    effects: {
      env: app,
      executors: executors(deps.client, dataSource, policy, routing),
      quota: await openPlatformQuota(run, dataSource, quotaOptionsFrom(config.engage), 'handover'),
    },
    metrics,
    // Ends the waiting time of threads nobody took, by the configured fallback; moves the next emergency threads.
    jobs: (wake) => [
      new PeriodicJob(app.HANDOVER_WAITING_CHECK_MS, async () => {
        try {
          const expired = await dataSource.transaction((manager) =>
            routing.expireWaiting(manager, WAITING_BATCH),
          );
          const moved = await dataSource.transaction((manager) =>
            routing.sweepEmergency(manager, app.HANDOVER_EMERGENCY_MOVES_IN_FLIGHT),
          );
          metrics.waitingExpired(expired);
          if (expired + moved > 0) {
            wake({ outbox: true, effects: true });
          }
        } catch (error) {
          metrics.waitingCheckFailed(error);
        }
      }),
    ],
  });
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
