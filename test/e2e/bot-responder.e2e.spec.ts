import { EMERGENCY_SWITCHED, OPS_COMMANDS_KEY, RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../infra';
import { type BotStack, startBotStack } from '../support/bot-stack';
import { TEST_WEBHOOK_SECRET } from '../support/gateway-harness';

describe('bot-responder', () => {
  let stack: BotStack;

  beforeAll(async () => {
    stack = await startBotStack();
    await stack.startBot();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('should open an intervention and then reply exactly once, in reply to the customer hello', async () => {
    const hello = await stack.customerSays('Bonjour !');

    const replies = await pollUntil(
      async () => {
        const counted = await stack.repliesByContent();
        return counted.has(hello.id) && counted;
      },
      { timeoutMs: 20_000, description: 'the bot reply to the hello' },
    );

    expect(replies.get(hello.id)).toBe(1);
    const calls = (await stack.apiCalls()).filter(
      (call) => call.params.content_id === hello.id || call.params.in_reply_to_id === hello.id,
    );
    expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
      'POST /1.0/interventions 200',
      'POST /1.0/contents 200',
    ]);
    const timeline = await stack.simulator.request('GET', `/_control/threads/${hello.thread_id}/timeline`);
    const reply = timeline.body.contents.find((content) => content.in_reply_to_id === hello.id);
    expect(reply).toMatchObject({ body: expect.stringMatching(/bonjour/i) as unknown });
  });

  it("should answer a webhook posted to the gateway by hand, as the README's first try does", async () => {
    // README "Quick start": the simulator imports the message without sending its webhook…
    const envelope = await stack.customerSays('Quels sont vos horaires ?', undefined, undefined, {
      deliver: false,
    });
    const [event] = envelope.events as unknown as Array<{
      type: string;
      resource: { id: string; metadata: { thread_id: string } };
    }>;
    expect(event.type).toBe('content.imported');
    // …and the user posts it to the gateway with the webhook secret.
    const posted = await fetch(`${stack.gateway.url}/webhooks/engage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dimelo-secret': TEST_WEBHOOK_SECRET },
      body: JSON.stringify(envelope),
    });
    expect(posted.status).toBe(200);

    const threadId = event.resource.metadata.thread_id;
    const view = await pollUntil(
      async () => {
        const lines = await stack.customerView(threadId);
        return lines.some((line) => line.from === 'brand') && lines;
      },
      { timeoutMs: 20_000, description: 'the bot answer in the customer view' },
    );
    expect(view.map((line) => line.from)).toEqual(['customer', 'brand']);
    expect((await stack.repliesByContent()).get(event.resource.id)).toBe(1);
  });

  it('should not answer an agent, nor its own echo, nor a thread categorized for agents', async () => {
    const hello = await stack.customerSays('Salut');
    await pollUntil(async () => (await stack.repliesByContent()).has(hello.id));
    const agentReply = await stack.simulator.request(
      'POST',
      `/_control/agents/${WALKTHROUGH.agentUserId}/replies`,
      {
        json: { in_reply_to_id: hello.id, body: 'Bonjour, ici Paul du service client' },
      },
    );
    expect(agentReply.status).toBe(200);
    const agentThread = await stack.customerSays('Bonjour, toujours là ?');
    await stack.simulator.request('PUT', `/1.0/content_threads/${agentThread.thread_id}/update_categories`, {
      token: 'bot-token',
      form: `thread_category_ids[]=${WALKTHROUGH.agentCategoryId}`,
    });
    const afterRecategorized = await stack.customerSays('Il y a quelqu’un ?', agentThread.thread_id);
    // A later customer message on a BOT thread proves the bot got past everything before it.
    const marker = await stack.customerSays('Bonjour');
    await pollUntil(async () => (await stack.repliesByContent()).has(marker.id), { timeoutMs: 20_000 });

    const replies = await stack.repliesByContent();
    expect(replies.has(agentReply.body.id)).toBe(false);
    expect(replies.has(afterRecategorized.id)).toBe(false);
    const timeline = await stack.simulator.request('GET', `/_control/threads/${hello.thread_id}/timeline`);
    const botReply = timeline.body.contents.find((content) => content.in_reply_to_id === hello.id);
    expect(botReply).toBeDefined();
    expect(replies.has(botReply!.id)).toBe(false);
    expect(replies.get(hello.id)).toBe(1);
  });

  it('should stay silent during an emergency and answer again once it is switched off', async () => {
    const kafka = new Kafka({
      clientId: 'ops-test',
      brokers: stack.kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const switchEmergency = (active: boolean, commandId: string) =>
      producer.send({
        topic: TOPICS.opsCommands.name,
        messages: [
          {
            key: OPS_COMMANDS_KEY,
            value: JSON.stringify({
              command_id: commandId,
              active,
              source_ids: null,
              reason: 'bot outage drill',
              actor: 'ops@example.com',
              issued_at: new Date().toISOString(),
            }),
            headers: { [RECORD_HEADERS.eventType]: EMERGENCY_SWITCHED, [RECORD_HEADERS.eventId]: commandId },
          },
        ],
      });
    try {
      await switchEmergency(true, 'emergency-on-1');
      await pollUntil(async () => (await emergencyActive()) === true, {
        description: 'the emergency to be seen',
      });
      const duringEmergency = await stack.customerSays('Bonjour');
      await pollUntil(
        async () => (await lastCustomerContent(duringEmergency.thread_id)) === duringEmergency.id,
        {
          description: 'the message to be processed while the emergency is on',
        },
      );

      await switchEmergency(false, 'emergency-off-1');
      await pollUntil(async () => (await emergencyActive()) === false, {
        description: 'the emergency to end',
      });
      const after = await stack.customerSays('Bonjour', duringEmergency.thread_id);
      await pollUntil(async () => (await stack.repliesByContent()).has(after.id), { timeoutMs: 20_000 });

      expect((await stack.repliesByContent()).has(duringEmergency.id)).toBe(false);
    } finally {
      await producer.disconnect();
    }
  });

  async function lastCustomerContent(threadId: string): Promise<string | undefined> {
    const sql = new Client({ connectionString: stack.database.url });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ id: string }>(
        'SELECT last_customer_content_id AS id FROM bot_responder.bot_thread WHERE thread_id = $1',
        [threadId],
      );
      return rows[0]?.id;
    } finally {
      await sql.end();
    }
  }

  async function emergencyActive(): Promise<boolean | undefined> {
    const sql = new Client({ connectionString: stack.database.url });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ active: boolean }>(
        'SELECT active FROM bot_responder.emergency_switch ORDER BY issued_at DESC LIMIT 1',
      );
      return rows[0]?.active;
    } finally {
      await sql.end();
    }
  }
});
