import { createKafkaClient } from '@handover/kafka';
import { endOffsets, EventRuntime } from '@handover/event-runtime';
import { loadBotResponderConfig } from '../../apps/bot-responder/src/config/bot-responder.config';
import { replayBotResponder } from '../../apps/bot-responder/src/replay/bot-responder.replay';
import { WALKTHROUGH as W } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../infra';
import { type ApiCallRecord, type BotStack, startBotStack } from '../support/bot-stack';

/** bot-responder has applied the content.imported of this content (its event id is claimed). */
async function processedByBot(stack: BotStack, contentId: string): Promise<void> {
  const events = (await stack.control('GET', '/_control/events')) as unknown as Array<{
    id: string;
    type: string;
    resource: { id: string };
  }>;
  const imported = events.find(
    (event) => event.type === 'content.imported' && event.resource.id === contentId,
  );
  await pollUntil(
    async () =>
      (await stack.query('SELECT 1 FROM bot_responder.processed_event WHERE event_id = $1', [imported?.id]))
        .length > 0,
    { timeoutMs: 20_000, description: `bot-responder to process ${contentId}` },
  );
}

/**
 * bot-responder against what RCED documents rather than what we assumed: private replies, contents
 * that are not customers' messages, attachments, webhooks without categories, a thread holding both
 * handover categories. The simulator enforces each rule (apps/engage-simulator/README.md).
 */
describe('bot-responder on the documented platform', () => {
  let stack: BotStack;

  beforeAll(async () => {
    stack = await startBotStack();
    await stack.startBot();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const replyCall = async (contentId: string): Promise<ApiCallRecord> =>
    pollUntil(
      async () =>
        (await stack.apiCalls()).find(
          (call) =>
            call.method === 'POST' &&
            call.path === '/1.0/contents' &&
            call.params.in_reply_to_id === contentId,
        ),
      { timeoutMs: 20_000, description: `the bot's reply to ${contentId}` },
    );

  it('should answer each customer as privately as they wrote: a chat, a direct message, a public tweet, an email', async () => {
    const chat = await stack.customerSays('Bonjour');
    const dm = await stack.customerSays('Bonjour', undefined, W.twitterSourceId, {
      private: true,
      author_screenname: 'ann_dm',
    });
    const tweet = await stack.customerSays('Bonjour', undefined, W.twitterSourceId, {
      private: false,
      author_screenname: 'ann_t',
    });
    const email = await stack.customerSays('Bonjour', undefined, W.emailSourceId, {
      author_email: 'ann@example.com',
      cc: ['bob@example.com'],
    });

    const chatReply = await replyCall(String(chat.id));
    const dmReply = await replyCall(String(dm.id));
    const tweetReply = await replyCall(String(tweet.id));
    const emailReply = await replyCall(String(email.id));

    expect(chatReply.params.private).toBe('true');
    expect(dmReply.params.private).toBe('true');
    expect(String(dmReply.params.body)).not.toMatch(/^@/);
    // A public tweet is answered publicly, mentioning its author (as RingCentral's chatbot framework does).
    expect(tweetReply.params.private).toBeUndefined();
    expect(String(tweetReply.params.body)).toMatch(/^@ann_t /);
    expect(emailReply.params).toMatchObject({
      private: 'true',
      to: ['ann@example.com'],
      cc: ['bob@example.com'],
    });
    expect(String(emailReply.params.title)).toMatch(/^Re: /);
    const dmView = await stack.customerView(String(dm.thread_id));
    expect(dmView.at(-1)).toMatchObject({ from: 'brand', private: true });
  });

  it("should not answer a brand post or the chat's welcome message on a BOT thread", async () => {
    const welcome = await stack.control('POST', '/_control/source-imports', {
      source_id: W.sourceId,
      kind: 'welcome_message',
      body: 'Bienvenue ! Comment pouvons-nous vous aider ?',
    });
    const post = await stack.control('POST', '/_control/source-imports', {
      source_id: W.twitterSourceId,
      kind: 'brand_post',
      body: 'Nos boutiques sont ouvertes dimanche.',
    });

    await processedByBot(stack, String(welcome.id));
    await processedByBot(stack, String(post.id));

    const replies = await stack.repliesByContent();
    expect(replies.has(String(welcome.id))).toBe(false);
    expect(replies.has(String(post.id))).toBe(false);
    expect((await stack.customerView(String(welcome.thread_id))).map((line) => line.from)).toEqual(['brand']);
  });

  it('should not answer its own reply when a source imports it back as if a customer wrote it', async () => {
    const hello = await stack.customerSays('Bonjour');
    await replyCall(String(hello.id));
    const timeline = await stack.control('GET', `/_control/threads/${hello.thread_id}/timeline`);
    const reply = (
      timeline.contents as unknown as Array<{ in_reply_to_id: string | null; author_id: string }>
    ).find((content) => content.in_reply_to_id === hello.id)!;
    const importedBack = {
      type: 'content.imported',
      id: `echo-${String(hello.id)}`,
      issued_at: new Date().toISOString(),
      resource: {
        type: 'chat/message',
        id: `echo-content-${String(hello.id)}`,
        // No creator_id, no brand status, from the synchronizer: only its author says it is ours.
        metadata: {
          thread_id: hello.thread_id,
          source_id: W.sourceId,
          author_id: reply.author_id,
          body: 'Bonjour ! Comment puis-je vous aider ?',
          category_ids: [W.botCategoryId],
          created_from: 'synchronizer',
          creator_id: null,
          private: true,
        },
      },
    };
    await pollUntil(
      async () =>
        (
          await stack.query('SELECT 1 FROM bot_responder.bot_own_identity WHERE identity_id = $1', [
            reply.author_id,
          ])
        ).length > 0,
      { timeoutMs: 20_000, description: 'bot-responder to learn the identity it replies as' },
    );

    expect(
      (
        await stack.gateway.postWebhook({
          id: `envelope-echo-${String(hello.id)}`,
          domain_id: '1',
          events: [importedBack],
        })
      ).status,
    ).toBe(200);
    await pollUntil(
      async () =>
        (
          await stack.query('SELECT 1 FROM bot_responder.processed_event WHERE event_id = $1', [
            importedBack.id,
          ])
        ).length > 0,
      { timeoutMs: 20_000, description: 'the echo to be processed' },
    );

    expect((await stack.repliesByContent()).has(importedBack.resource.id)).toBe(false);
  });

  it('should tell a customer who sent only a picture that it reads text, instead of staying silent', async () => {
    const picture = await stack.customerSays('', undefined, W.sourceId, {
      attachments: [{ filename: 'receipt.jpg', content_type: 'image/jpeg' }],
    });

    const reply = await replyCall(String(picture.id));

    expect(String(reply.params.body)).toMatch(/texte/);
    expect(reply.params.private).toBe('true');
  });

  it('should leave a thread holding both BOT and AGENT to the agents', async () => {
    const hello = await stack.customerSays('Bonjour');
    await replyCall(String(hello.id));
    await stack.control('PUT', `/_control/agents/${W.agentUserId}/threads/${hello.thread_id}/categories`, {
      category_ids: [W.botCategoryId, W.agentCategoryId],
    });

    const later = await stack.customerSays('Vous êtes là ?', String(hello.thread_id));
    await processedByBot(stack, String(later.id));

    expect((await stack.repliesByContent()).has(String(later.id))).toBe(false);
  });
});

describe('bot-responder when webhooks carry no category_ids (RingCentral’s own sample has none)', () => {
  let stack: BotStack;
  /** What bot-responder reads, from its EventRuntime. */
  let botTopics: readonly string[] = [];

  beforeAll(async () => {
    stack = await startBotStack({ SIMULATOR_EVENT_CATEGORY_IDS: 'omit' });
    botTopics = (await stack.startBot()).get(EventRuntime).topics;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const threadReads = async (threadId: string): Promise<number> =>
    (await stack.apiCalls()).filter(
      (call) => call.method === 'GET' && call.path === `/1.0/content_threads/${threadId}`,
    ).length;

  it("should answer a fresh BOT thread, reading the thread's categories from RCED once", async () => {
    const hello = await stack.customerSays('Bonjour');

    await pollUntil(async () => (await stack.repliesByContent()).get(String(hello.id)) === 1, {
      timeoutMs: 20_000,
      description: 'the bot to answer once it read the categories',
    });
    const again = await stack.customerSays('Où en est ma commande ?', String(hello.thread_id));
    await pollUntil(async () => (await stack.repliesByContent()).has(String(again.id)), {
      timeoutMs: 20_000,
    });

    // Known since the first read, not read again for the second message.
    expect(await threadReads(String(hello.thread_id))).toBe(1);
  });

  it('should go silent once an agent moves the thread to AGENT in the console', async () => {
    const hello = await stack.customerSays('Bonjour');
    await pollUntil(async () => (await stack.repliesByContent()).has(String(hello.id)), {
      timeoutMs: 20_000,
    });
    await stack.control('PUT', `/_control/agents/${W.agentUserId}/threads/${hello.thread_id}/categories`, {
      category_ids: [W.agentCategoryId],
    });

    // The intervention's event says the new categories (events.md lists them in its metadata).
    const later = await stack.customerSays('Il y a quelqu’un ?', String(hello.thread_id));
    const marker = await stack.customerSays('Bonjour');
    await pollUntil(async () => (await stack.repliesByContent()).has(String(marker.id)), {
      timeoutMs: 20_000,
    });

    expect((await stack.repliesByContent()).has(String(later.id))).toBe(false);
  });

  it('should rebuild the same projection by replay, categories read included, without a platform call', async () => {
    const kafka = createKafkaClient({ brokers: stack.kafka.brokers, clientId: 'replay-test' });
    await pollUntil(
      async () => {
        // Read afresh each time: the simulator may still deliver a webhook meanwhile.
        const ends = await endOffsets(kafka, botTopics);
        const rows = await stack.query<{ topic: string; partition: number; next_offset: string }>(
          `SELECT topic, partition, next_offset FROM bot_responder.consumer_checkpoint WHERE consumer = 'bot-responder'`,
        );
        const reached = new Map(rows.map((r) => [`${r.topic}/${r.partition}`, BigInt(r.next_offset)]));
        const pending = await stack.query<{ id: string; attempts: number; last_error: string | null }>(
          `SELECT id, attempts, last_error FROM bot_responder.effect WHERE status = 'pending'`,
        );
        const behind = [...ends].filter(([key, end]) => (reached.get(key) ?? 0n) < end);
        if (behind.length > 0 || pending.length > 0) {
          // What a timeout reports: the partitions behind and the effects still pending.
          throw new Error(
            `behind: ${behind.map(([key, end]) => `${key} at ${String(reached.get(key))} of ${end}`).join(', ')}; ` +
              `pending: ${JSON.stringify(pending)}`,
          );
        }
        return true;
      },
      { timeoutMs: 30_000, description: 'the live projection to catch up' },
    );
    const callsBefore = (await stack.apiCalls()).length;

    const report = await replayBotResponder(loadBotResponderConfig(stack.botEnv), { timeoutMs: 60_000 });

    expect(report.differences).toEqual([]);
    expect((await stack.apiCalls()).length).toBe(callsBefore);
    const reads = await stack.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${report.rebuiltSchema}.bot_thread_turns WHERE read_at IS NOT NULL`,
    );
    expect(Number(reads[0].n)).toBeGreaterThan(0);
  }, 120_000);
});
