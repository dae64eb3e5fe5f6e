import { setTimeout as pace } from 'node:timers/promises';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { BOT_TOKEN } from '../../apps/engage-simulator/test/simulator.harness';
import { type HandoverStack } from '../support/handover-stack';
import { pick } from '../support/seeded-random';

/**
 * Answered with a normal reply: no resolve, no handover, no fallback (two fallbacks in a row hand
 * over, and the thread's later messages would rightly go unanswered).
 */
const REPLY_TEXTS = [
  'Bonjour, où en est ma commande ?',
  'Bonjour',
  'Je voudrais réinitialiser mon mot de passe',
  'Quels sont vos horaires ?',
  'Où est mon colis ?',
];
/** Answered once ("an agent is coming") and handed over: always a thread of its own. */
const HANDOVER_TEXT = 'Je voudrais parler à un conseiller';

export interface SentMessage {
  contentId: string;
  threadId: string;
  handover: boolean;
}

export interface TrafficOutcome {
  sent: number;
  answeredOnce: number;
  answeredTwice: number;
  unanswered: number;
  /** Content ids of the messages not answered exactly once (and handed over when they asked). */
  wrong: string[];
}

/**
 * Customers writing through the simulated platform, as RCED would deliver them: one thread in
 * three holds a conversation of several messages, one message in ten asks for a human.
 */
export class CustomerTraffic {
  private readonly open: string[] = [];

  constructor(
    private readonly stack: HandoverStack,
    private readonly random: () => number,
  ) {}

  /** Sends `count` messages `paceMs` apart; `onEach` runs after each (to inject a fault mid-stream). */
  async send(
    count: number,
    paceMs: number,
    onEach?: (i: number, sentSoFar: readonly SentMessage[]) => Promise<void>,
  ): Promise<SentMessage[]> {
    const sent: SentMessage[] = [];
    for (let i = 0; i < count; i += 1) {
      const roll = this.random();
      const handover = roll < 0.1;
      const threadId =
        !handover && roll < 0.45 && this.open.length > 0 ? pick(this.random, this.open) : undefined;
      const message = await this.stack.customerSays(
        handover ? HANDOVER_TEXT : pick(this.random, REPLY_TEXTS),
        threadId,
      );
      const sentMessage = { contentId: String(message.id), threadId: String(message.thread_id), handover };
      sent.push(sentMessage);
      if (!handover && threadId === undefined && this.random() < 0.5) {
        this.open.push(sentMessage.threadId);
        if (this.open.length > 20) {
          this.open.shift();
        }
      }
      await onEach?.(i, sent);
      await pace(paceMs);
    }
    return sent;
  }

  /** Waits until every message is answered, and handed over if it asked, or `timeoutMs` passed. */
  async settle(sent: readonly SentMessage[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const asked = sent.filter((message) => message.handover);
    const settled = async (): Promise<boolean> => {
      const replies = await this.stack.repliesByContent();
      return (
        sent.every((message) => replies.has(message.contentId)) &&
        (await this.handedOver(asked)).size === new Set(asked.map((message) => message.threadId)).size
      );
    };
    while (Date.now() < deadline && !(await settled())) {
      await pace(500);
    }
  }

  /** Once every message is settled (or `timeoutMs`), counts what customers got. */
  async outcome(sent: readonly SentMessage[], timeoutMs: number): Promise<TrafficOutcome> {
    await this.settle(sent, timeoutMs);
    const asked = sent.filter((message) => message.handover);
    // A second reply would come late: give the stragglers a moment before counting.
    await pace(2_000);
    const replies = await this.stack.repliesByContent();
    const handedOver = await this.handedOver(asked);
    const wrong: string[] = [];
    let answeredOnce = 0;
    let answeredTwice = 0;
    let unanswered = 0;
    for (const message of sent) {
      const count = replies.get(message.contentId) ?? 0;
      const missingHandover = message.handover && !handedOver.has(message.threadId);
      if (count === 0 || missingHandover) {
        unanswered += 1;
      } else if (count === 1) {
        answeredOnce += 1;
      } else {
        answeredTwice += 1;
      }
      if (count !== 1 || missingHandover) {
        const what = message.handover
          ? `asked for a human, ${missingHandover ? 'not ' : ''}handed over`
          : 'bot reply expected';
        wrong.push(`${message.contentId} (thread ${message.threadId}: ${count} replies, ${what})`);
      }
    }
    return { sent: sent.length, answeredOnce, answeredTwice, unanswered, wrong };
  }

  private async handedOver(messages: readonly SentMessage[]): Promise<Set<string>> {
    const agents = new Set<string>();
    for (const { threadId } of messages) {
      const thread = await this.stack.simulator.request('GET', `/1.0/content_threads/${threadId}`, {
        token: BOT_TOKEN,
      });
      const categories = (thread.body.thread_category_ids ?? thread.body.category_ids) as
        string[] | undefined;
      if (categories?.includes(WALKTHROUGH.agentCategoryId)) {
        agents.add(threadId);
      }
    }
    return agents;
  }
}
