import { BOT_EVENTS, ENGAGE_EVENTS, HANDOVER_EVENTS, RECORD_HEADERS } from '@handover/contracts';
import { BatchScope, type ConsumedRecord, EventDispatcher } from '@handover/event-runtime';
import { useTestSchema } from '@handover/test-infra';
import { INTERVENTION_STATS_MIGRATIONS } from '../../migrations';
import { PROJECTION_ENTITIES } from '.';
import { StatsRepository } from './stats.repository';
import { statsProjectors } from './stats.projectors';

const THREAD = '5be5ae57d6cb009bde8e5674';
const SOURCE = '5b3b6562d6cb00f93fe59c9f';
const AT = '2026-03-02T10:00:00.000Z';
const after = (seconds: number): string => new Date(Date.parse(AT) + seconds * 1_000).toISOString();

/** StatsRepository on real Postgres, fed by the app's own projectors as the consumer feeds them. */
describe(StatsRepository.name, () => {
  const schema = useTestSchema({
    schema: 'stats_repository_test',
    entities: PROJECTION_ENTITIES,
    migrations: INTERVENTION_STATS_MIGRATIONS,
  });
  const dispatcher = new EventDispatcher(statsProjectors('5b3b6562d6cb00f93fe5bot1'));

  let offset = 0;
  const record = (topic: string, type: string, id: string, value: object): ConsumedRecord => ({
    topic,
    partition: 0,
    offset: String((offset += 1)),
    key: THREAD,
    eventType: type,
    eventId: id,
    headers: { [RECORD_HEADERS.eventType]: type, [RECORD_HEADERS.eventId]: id },
    rawValue: JSON.stringify(value),
  });
  const customerMessage = (id: string, at: string): ConsumedRecord =>
    record(ENGAGE_EVENTS.topic.name, 'content.imported', id, {
      type: 'content.imported',
      id,
      issued_at: at,
      resource: {
        type: 'chat/message',
        id: `c${id}`,
        metadata: { thread_id: THREAD, source_id: SOURCE, language: 'fr', author_id: 'a1', body: 'Bonjour' },
      },
    });
  const botReplied = (contentId: string, at: string): ConsumedRecord =>
    record(BOT_EVENTS.topic.name, 'bot.replied', `bot.replied:${contentId}`, {
      type: 'bot.replied',
      event_id: `bot.replied:${contentId}`,
      thread_id: THREAD,
      content_id: contentId,
      source_id: SOURCE,
      occurred_at: at,
      language: 'fr',
      text: 'Bonjour !',
      intent: 'greeting',
      fallback: false,
    });
  const handedOver = (at: string): ConsumedRecord =>
    record(HANDOVER_EVENTS.topic.name, 'thread.handed_over', `thread.handed_over:${THREAD}:x`, {
      type: 'thread.handed_over',
      event_id: `thread.handed_over:${THREAD}:x`,
      thread_id: THREAD,
      source_id: SOURCE,
      occurred_at: at,
      causation_id: 'x',
      trigger: 'bot_request',
      reason: 'explicit',
      category_ids: ['agent'],
      private_note: false,
      waited_ms: 1_500,
    });

  /** One batch, applied and flushed in its transaction as the consumer does. */
  const batch = (records: readonly ConsumedRecord[]): Promise<void> =>
    schema().transaction(async (manager) => {
      const scope = new BatchScope(records, manager);
      for (const one of records) {
        await dispatcher.dispatch(one, manager, scope);
      }
      await scope.flush();
    });
  const row = async (table: string): Promise<Record<string, unknown>> => {
    const rows = await schema().query<Array<Record<string, unknown>>>(
      `SELECT * FROM ${table} WHERE thread_id = $1`,
      [THREAD],
    );
    return rows[0];
  };

  it('should count a conversation once however its records are batched and redelivered', async () => {
    const first = customerMessage('e1', AT);
    const second = customerMessage('e2', after(30));
    await batch([second, botReplied('c1', after(1))]);
    await batch([first, handedOver(after(40))]);
    // RCED delivers the first message again, in a new record of a later batch.
    await batch([{ ...first, offset: String((offset += 1)) }]);

    expect(await row('stats_thread_engage')).toMatchObject({
      source_id: SOURCE,
      customer_messages: 2,
      first_customer_at: new Date(AT),
      last_customer_at: new Date(after(30)),
    });
    expect(await row('stats_thread_bot')).toMatchObject({ bot_turns: 1, first_bot_at: new Date(after(1)) });
    expect(await row('stats_thread_handover')).toMatchObject({
      first_handed_over_at: new Date(after(40)),
      handover_trigger: 'bot_request',
      waited_ms: '1500',
    });
    const timeline = await schema().query<Array<{ type: string }>>(
      `SELECT type FROM stats_timeline WHERE thread_id = $1 ORDER BY at`,
      [THREAD],
    );
    expect(timeline.map((entry) => entry.type)).toEqual([
      'content.imported',
      'bot.replied',
      'content.imported',
      'thread.handed_over',
    ]);
  });
});
