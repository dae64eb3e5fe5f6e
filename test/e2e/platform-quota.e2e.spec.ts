import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startConsuming } from '@handover/event-runtime';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import { createHandoverApp } from '../../apps/handover/src/handover.app';
import { pollUntil } from '../infra';
import { type ApiCallRecord } from '../support/bot-stack';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';

const W = WALKTHROUGH;
/** The deployment's quota, configured once, the same for every app and replica. */
const QUOTA = { calls: 20, windowMs: 1_000, reservedForReplies: 5 };
const QUOTA_ENV = {
  ENGAGE_QUOTA_CALLS: String(QUOTA.calls),
  ENGAGE_QUOTA_WINDOW_MS: String(QUOTA.windowMs),
  ENGAGE_QUOTA_RESERVED_FOR_REPLIES: String(QUOTA.reservedForReplies),
};
const REPLICAS = 3;
const CONVERSATIONS = 30;
const HUMAN_PLEASE = 'I want to talk to a human';

/** The most calls the platform received in any window of `windowMs` (sliding, from each arrival). */
function busiestWindow(calls: readonly ApiCallRecord[], windowMs: number): number {
  const times = calls.map((call) => call.at).sort((a, b) => a - b);
  let busiest = 0;
  for (let first = 0, last = 0; first < times.length; first += 1) {
    while (last < times.length && times[last] < times[first] + windowMs) {
      last += 1;
    }
    busiest = Math.max(busiest, last - first);
  }
  return busiest;
}

/**
 * Three replicas each of bot-responder and handover share RCED's quota: under a burst of replies and
 * handovers, the platform (the simulator, enforcing the same limit) never sees more than the quota in
 * any window, and never answers 429.
 */
describe('platform quota shared by every app and replica', () => {
  let stack: HandoverStack;
  const handovers: NestFastifyApplication[] = [];

  beforeAll(async () => {
    stack = await startHandoverStack({
      SIMULATOR_RATE_LIMIT_PER_MINUTE: String(QUOTA.calls),
      SIMULATOR_RATE_LIMIT_WINDOW_MS: String(QUOTA.windowMs),
    });
    stack.onClose(async () => {
      for (const app of handovers.splice(0)) {
        await app.close();
      }
    });
    for (let replica = 0; replica < REPLICAS; replica += 1) {
      await stack.startBot(QUOTA_ENV);
      const handover = await createHandoverApp(loadHandoverConfig({ ...stack.handoverEnv, ...QUOTA_ENV }));
      handovers.push(handover);
      await handover.init();
      await startConsuming(handover);
      await handover.listen({ port: 0, host: '127.0.0.1' });
    }
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('should keep the whole deployment within the quota in every window, measured at the platform', async () => {
    const greetings: string[] = [];
    const handedOver: string[] = [];
    for (let i = 0; i < CONVERSATIONS; i += 1) {
      greetings.push(String((await stack.customerSays(`Bonjour ${i}`)).id));
      handedOver.push(String((await stack.customerSays(HUMAN_PLEASE, undefined, W.emailSourceId)).thread_id));
    }

    await pollUntil(
      async () => {
        const replies = await stack.repliesByContent();
        return greetings.every((id) => replies.get(id) === 1);
      },
      { timeoutMs: 90_000, description: 'every greeting answered once' },
    );
    await pollUntil(
      async () => {
        const moved = new Set((await stack.recategorizations()).map((call) => call.path));
        return handedOver.every((thread) => [...moved].some((path) => path.includes(thread)));
      },
      { timeoutMs: 90_000, description: 'every handover sent' },
    );

    const calls = await stack.apiCalls();
    const busiest = busiestWindow(calls, QUOTA.windowMs);
    const replies = calls.filter((call) => call.method === 'POST' && call.path.endsWith('/contents'));
    const recategorizations = calls.filter((call) => call.path.endsWith('/update_categories'));
    const report = [
      `platform calls: ${calls.length}`,
      `busiest ${QUOTA.windowMs} ms window: ${busiest} calls (quota ${QUOTA.calls})`,
      `answered 429: ${calls.filter((call) => call.status === 429).length}`,
      `of which bot-responder's replies: ${replies.length}, handover's update_categories: ${recategorizations.length}`,
    ].join('\n');
    await mkdir('test-artifacts', { recursive: true });
    await writeFile(join('test-artifacts', 'platform-quota.txt'), `${report}\n`);
    console.log(report);

    expect(calls.length).toBeGreaterThan(3 * QUOTA.calls);
    expect(busiest).toBeLessThanOrEqual(QUOTA.calls);
    expect(calls.filter((call) => call.status === 429)).toEqual([]);
    expect(replies.length).toBeGreaterThanOrEqual(CONVERSATIONS);
    expect(recategorizations.length).toBeGreaterThanOrEqual(CONVERSATIONS);
  });
});
