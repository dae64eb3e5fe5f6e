import { RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { pollUntil } from '../infra';
import { type BotStack, startBotStack } from '../support/bot-stack';

/**
 * Records no gateway of ours would publish (another producer, an older version, a broker tool)
 * reach bot-responder ahead of a customer's message on the same partition: each is parked, and the
 * customer is answered all the same. Before issue 13 the first of them stopped the partition for good.
 */
describe('poison records on engage.events.v1', () => {
  let stack: BotStack;
  let producer: Producer;

  beforeAll(async () => {
    stack = await startBotStack();
    await stack.startBot();
    producer = new Kafka({
      clientId: 'poison-test',
      brokers: stack.kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await stack?.close();
  });

  const event = (
    threadId: string,
    id: string,
    changes: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    type: 'content.imported',
    id,
    issued_at: new Date().toISOString(),
    resource: {
      type: 'chat/message',
      id: `content-${id.replace(/[^A-Za-z0-9]/g, '')}`,
      metadata: { thread_id: threadId, body: 'hello', status: 'new', created_from: 'synchronizer' },
    },
    ...changes,
  });

  it('should park every kind of poison record ahead of a customer message and still answer the customer', async () => {
    const first = await stack.customerSays('Bonjour');
    await pollUntil(async () => (await stack.repliesByContent()).has(first.id), {
      timeoutMs: 20_000,
      description: 'the first message answered',
    });
    const threadId = first.thread_id;
    const poison = [
      // NUL in the event id and in the text: Postgres refuses both.
      {
        id: 'ev\u0000nul',
        value: JSON.stringify(event(threadId, 'ev\u0000nul', {})).replace('hello', 'a\\u0000b'),
      },
      // A date ISO 8601 allows and `new Date()` cannot read.
      {
        id: 'ev-week-date',
        value: JSON.stringify(event(threadId, 'ev-week-date', { issued_at: '2024-W01-1' })),
      },
      // Not JSON at all.
      { id: 'ev-not-json', value: '{"type": "content.imp' },
      // An id that would change a REST path.
      {
        id: 'ev-dots',
        value: JSON.stringify(
          event(threadId, 'ev-dots', {
            resource: { type: 'chat/message', id: '..', metadata: { thread_id: threadId } },
          }),
        ),
      },
    ];
    await producer.send({
      topic: TOPICS.engageEvents.name,
      messages: poison.map(({ id, value }) => ({
        key: threadId,
        value,
        headers: { [RECORD_HEADERS.eventType]: 'content.imported', [RECORD_HEADERS.eventId]: id },
      })),
    });

    const second = await stack.customerSays('Je voudrais parler à quelqu’un', threadId);

    await pollUntil(async () => (await stack.repliesByContent()).has(second.id), {
      timeoutMs: 20_000,
      description: 'the message behind the poison answered',
    });
    const parked = await stack.query<{ cause: string; reason: string }>(
      `SELECT cause, reason FROM bot_responder.parked_record WHERE topic = $1 ORDER BY "offset"`,
      [TOPICS.engageEvents.name],
    );
    expect(parked.map((row) => row.cause)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    expect(parked.map((row) => row.reason).join('\n')).toMatch(/U\+0000[\s\S]*issued_at[\s\S]*resource\.id/);
  });
});
