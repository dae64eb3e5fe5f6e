import { ALL_TOPICS } from '@handover/contracts';
import { type AppHandlers, consumedTopics } from '@handover/event-runtime';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { botResponderHandlers } from '../../apps/bot-responder/src/bot-responder.module';
import { loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import { routingPolicyOf } from '../../apps/handover/src/handover.module';
import { routingHandlers } from '../../apps/handover/src/handover/routing.handlers';
import { RoutingService } from '../../apps/handover/src/handover/routing.service';
import { statsProjectors } from '../../apps/intervention-stats/src/projection/stats.projectors';

// The topics each consumer app reads, from its real handlers (no engine, platform or database is
// reached): what bounds how many of its replicas get partitions.

function handoverHandlers(): AppHandlers {
  const config = loadHandoverConfig({
    KAFKA_BROKERS: '127.0.0.1:9092',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
    ENGAGE_API_TOKEN: 'token',
    BOT_CATEGORY_ID: WALKTHROUGH.botCategoryId,
    AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
    BOT_USER_ID: WALKTHROUGH.botUserId,
  });
  return routingHandlers(new RoutingService(config, routingPolicyOf(config), () => new Date()));
}

/** Each consumer app's handlers (consumerApps() in app-variables.ts; kubernetes.unit.spec.ts checks both agree). */
export const CONSUMER_HANDLERS: Readonly<Record<string, () => AppHandlers>> = {
  'bot-responder': () =>
    botResponderHandlers({
      botCategoryId: WALKTHROUGH.botCategoryId,
      agentCategoryId: WALKTHROUGH.agentCategoryId,
      botUserId: WALKTHROUGH.botUserId,
      attachmentNotices: { fr: 'Texte seulement.' },
      openInterventionFirst: true,
      maxConsecutiveFallbacks: 2,
      defaultLanguage: 'fr',
      failurePolicy: 'handover',
      apologies: { fr: 'Désolé.' },
    }),
  handover: handoverHandlers,
  'intervention-stats': () => ({ projectors: statsProjectors(null) }),
};

/** The topics an app's consumer reads when live. */
export function consumedTopicsOf(app: string): readonly string[] {
  return consumedTopics('live', CONSUMER_HANDLERS[app]());
}

/** The most replicas of an app that get a partition: its largest topic's partitions. */
export function usefulReplicasOf(app: string): number {
  const partitions = consumedTopicsOf(app).map((name) => {
    const topic = ALL_TOPICS.find((declared) => declared.name === name);
    if (topic === undefined) {
      throw new Error(`${app} reads ${name}, which libs/contracts/src/topics.ts does not declare`);
    }
    return topic.partitions;
  });
  return Math.max(...partitions);
}
