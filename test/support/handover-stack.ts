import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startConsuming } from '@handover/event-runtime';
import { createAvailabilityPollerApp } from '../../apps/availability-poller/src/availability-poller.app';
import { loadAvailabilityPollerConfig } from '../../apps/availability-poller/src/config/availability-poller.config';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import { createHandoverApp } from '../../apps/handover/src/handover.app';
import { type ApiCallRecord, type BotStack, startBotStack } from './bot-stack';
import { TEST_ADMIN_TOKEN } from './gateway-harness';

/** The bot stack plus handover and availability-poller, configured on the walkthrough seed. */
export interface HandoverStack extends BotStack {
  handoverEnv: Record<string, string>;
  startHandover(env?: Record<string, string>): Promise<NestFastifyApplication>;
  stopHandover(): Promise<void>;
  startPoller(env?: Record<string, string>): Promise<NestFastifyApplication>;
  /** Connects (or pins the busyness of) an agent on the messaging channel. */
  agentOnline(agentId: string, busyness?: 'unoccupied' | 'ok' | 'busy' | 'full'): Promise<void>;
  agentAway(agentId: string): Promise<void>;
  /** The `update_categories` calls the platform answered, per thread, in call order. */
  recategorizations(threadId?: string): Promise<ApiCallRecord[]>;
  /** The operator's switch: the gateway's admin API, as in production. */
  switchEmergency(active: boolean, scope?: 'all' | string[]): Promise<{ command_id: string }>;
}

export async function startHandoverStack(
  simulatorEnv: Record<string, string> = {},
  kafka: Parameters<typeof startBotStack>[1] = {},
): Promise<HandoverStack> {
  const stack = await startBotStack(simulatorEnv, kafka);
  const handoverEnv: Record<string, string> = {
    ...stack.botEnv,
    AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
    HANDOVER_REALTIME_SOURCE_IDS: WALKTHROUGH.sourceId,
    HANDOVER_WAITING_CHECK_MS: '200',
    LOG_LEVEL: process.env.TEST_HANDOVER_LOG_LEVEL ?? 'silent',
  };
  let handover: NestFastifyApplication | undefined;
  const pollers: NestFastifyApplication[] = [];
  stack.onClose(async () => {
    await handover?.close();
    for (const poller of pollers) {
      await poller.close();
    }
  });
  return {
    ...stack,
    handoverEnv,
    async startHandover(env = {}) {
      handover = await createHandoverApp(loadHandoverConfig({ ...handoverEnv, ...env }));
      await handover.init();
      await startConsuming(handover);
      await handover.listen({ port: 0, host: '127.0.0.1' });
      return handover;
    },
    async stopHandover() {
      await handover?.close();
      handover = undefined;
    },
    async startPoller(env = {}) {
      const config = loadAvailabilityPollerConfig({
        ...stack.botEnv,
        AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
        AVAILABILITY_SOURCE_IDS: WALKTHROUGH.sourceId,
        AVAILABILITY_POLL_MS: '200',
        ...env,
      });
      const poller = await createAvailabilityPollerApp(config);
      pollers.push(poller);
      await poller.listen({ port: 0, host: '127.0.0.1' });
      return poller;
    },
    async agentOnline(agentId, busyness) {
      await stack.control('PUT', `/_control/agents/${agentId}/channels/${WALKTHROUGH.channelId}`, {
        status: 'available',
        ...(busyness ? { busyness } : {}),
      });
    },
    async agentAway(agentId) {
      await stack.control('DELETE', `/_control/agents/${agentId}/presence`);
    },
    async recategorizations(threadId) {
      return (await stack.apiCalls()).filter(
        (call) =>
          call.method === 'PUT' &&
          call.path.endsWith('/update_categories') &&
          (threadId === undefined || call.path.includes(threadId)),
      );
    },
    async switchEmergency(active, scope = 'all') {
      const response = await fetch(`${stack.gateway.internalUrl}/admin/emergency`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ active, scope, reason: 'e2e test' }),
      });
      if (response.status !== 202) {
        throw new Error(`POST /admin/emergency answered ${response.status}: ${await response.text()}`);
      }
      return (await response.json()) as { command_id: string };
    },
  };
}
