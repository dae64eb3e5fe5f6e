import { BOT_EVENTS, type BotRepliedEvent, InvalidEventError, RECORD_HEADERS } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { BatchScope } from './batch-scope';
import { type ConsumedRecord } from './consumed-record';
import { EventDispatcher } from './event-dispatcher';
import { type EventHandler } from './event-handler';

const replied = (threadId: string, value: object = {}): ConsumedRecord => {
  const event: BotRepliedEvent = {
    type: 'bot.replied',
    event_id: `bot.replied:${threadId}`,
    thread_id: threadId,
    content_id: 'c1',
    source_id: null,
    occurred_at: '2026-03-02T10:00:00.000Z',
    language: 'fr',
    text: 'Bonjour',
    intent: 'greeting',
    fallback: false,
  };
  return {
    topic: BOT_EVENTS.topic.name,
    partition: 0,
    offset: '0',
    key: threadId,
    eventType: 'bot.replied',
    eventId: event.event_id,
    headers: { [RECORD_HEADERS.eventType]: 'bot.replied' },
    rawValue: JSON.stringify({ ...event, ...value }),
  };
};

describe(EventDispatcher.name, () => {
  const manager = {} as EntityManager;
  const calls: string[] = [];
  const handler = (
    name: string,
    takes?: (event: BotRepliedEvent) => boolean,
  ): EventHandler<BotRepliedEvent> => ({
    name,
    contract: BOT_EVENTS,
    types: ['bot.replied'],
    takes,
    handle: (event) => {
      calls.push(`${name}:${event.thread_id}`);
    },
  });

  beforeEach(() => {
    calls.length = 0;
  });

  it('should hand an event to its handlers in the order given, parsed by its topic contract', () => {
    const dispatcher = new EventDispatcher([handler('projector'), handler('reactor')]);
    const record = replied('t1');

    expect(dispatcher.wants(record)).toBe(true);
    void dispatcher.dispatch(record, manager, new BatchScope([record], manager));

    expect(calls).toEqual(['projector:t1', 'reactor:t1']);
  });

  it('should pass by a record no handler takes, and run only the handlers that take one', () => {
    const dispatcher = new EventDispatcher([
      handler('only t2', (event) => event.thread_id === 't2'),
      handler('never', () => false),
    ]);
    const [t1, t2] = [replied('t1'), replied('t2')];

    expect(dispatcher.wants(t1)).toBe(false);
    expect(dispatcher.wants(t2)).toBe(true);
    void dispatcher.dispatch(t2, manager, new BatchScope([t2], manager));

    expect(calls).toEqual(['only t2:t2']);
  });

  it('should want a value that breaks its contract, and throw InvalidEventError naming the field when dispatching it', () => {
    const dispatcher = new EventDispatcher([handler('never', () => false)]);
    const broken = replied('t1', { occurred_at: 'yesterday' });

    expect(dispatcher.wants(broken)).toBe(true);
    expect(() => dispatcher.dispatch(broken, manager, new BatchScope([broken], manager))).toThrow(
      new InvalidEventError(['occurred_at must be an RFC 3339 date-time']),
    );
    expect(calls).toEqual([]);
  });

  it('should refuse at construction a handler of a type its topic does not carry', () => {
    expect(() => new EventDispatcher([{ ...handler('lost'), types: ['thread.handed_over'] }])).toThrow(
      'lost takes thread.handed_over, which bot.events.v1 does not carry',
    );
  });
});
