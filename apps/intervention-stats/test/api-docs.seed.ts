import {
  AVAILABILITY_EVENTS,
  type AvailabilityEvent,
  BOT_EVENTS,
  type BotHandoverRequestedEvent,
  type BotRepliedEvent,
  type BotResolvedEvent,
  EMERGENCY_EVENTS_KEY,
  type EmergencyEvent,
  ENGAGE_EVENTS,
  HANDOVER_EVENTS,
  type HandoverQueuedEvent,
  RECORD_HEADERS,
  type ThreadHandedOverEvent,
} from '@handover/contracts';
import { BatchScope, type ConsumedRecord, EventDispatcher } from '@handover/event-runtime';
import { type DataSource } from 'typeorm';
import { type EmergencyAuditRepository } from '../src/dashboard/emergency-audit.repository';
import { statsProjectors } from '../src/projection/stats.projectors';

// Something in every part of every analytics and dashboard answer, written as production writes it:
// records of each topic through the app's own projectors; the runtime's failures and the audit
// trail as rows, as the consumer and the dashboard leave them.

export const BOT_USER_ID = '5b3b6562d6cb00f93fe5bb01';
const AGENT_USER_ID = '5b3b6562d6cb00f93fe5aa01';
export const SOURCE_ID = '5b3b6562d6cb00f93fe59c9f';
export const THREADS = {
  resolved: '5be5ae57d6cb009bde8e5601',
  handedOver: '5be5ae57d6cb009bde8e5602',
  waiting: '5be5ae57d6cb009bde8e5603',
  /** The bot spoke, no customer wrote: a timeline, no conversation. */
  botOnly: '5be5ae57d6cb009bde8e5604',
};
export const PARKED_KEY = 'intervention-stats/handover.events.v1/0/42';
export const FAILED_EFFECT_ID = 'effect-docs-1';

export async function seedAnalytics(
  dataSource: DataSource,
  audit: EmergencyAuditRepository,
  now: number,
): Promise<void> {
  const ago = (seconds: number): string => new Date(now - seconds * 1_000).toISOString();
  const dispatcher = new EventDispatcher(statsProjectors(BOT_USER_ID));
  const records = [
    ...conversation(THREADS.resolved, ago, 600, 'fr', [
      intervention('intervention.opened', THREADS.resolved, 'i1', ago(599), BOT_USER_ID),
      botReplied(THREADS.resolved, ago(598)),
      botResolved(THREADS.resolved, ago(500)),
      intervention('intervention.closed', THREADS.resolved, 'i1', ago(400), BOT_USER_ID),
    ]),
    ...conversation(THREADS.handedOver, ago, 300, 'en', [
      intervention('intervention.opened', THREADS.handedOver, 'i2', ago(299), AGENT_USER_ID),
      handoverRequested(THREADS.handedOver, ago(298), 'explicit'),
      handedOver(THREADS.handedOver, ago(280)),
      intervention('intervention.closed', THREADS.handedOver, 'i2', ago(200), AGENT_USER_ID),
      intervention('intervention.reopened', THREADS.handedOver, 'i2', ago(190), AGENT_USER_ID),
    ]),
    ...conversation(THREADS.waiting, ago, 120, 'fr', [
      handoverRequested(THREADS.waiting, ago(119), 'fallbacks'),
      queued(THREADS.waiting, ago(110)),
    ]),
    botReplied(THREADS.botOnly, ago(60)),
    emergency('emergency.activated', 'cmd-1', ago(3_600)),
    emergency('emergency.deactivated', 'cmd-2', ago(1_800)),
    availability(ago(30)),
  ].map((value, offset) => ({ ...value, offset: String(offset) }));
  await dataSource.transaction(async (manager) => {
    const scope = new BatchScope(records, manager);
    for (const record of records) {
      await dispatcher.dispatch(record, manager, scope);
    }
    await scope.flush();
  });
  await seedFailures(dataSource);
  const switched = await audit.requested(
    'alice',
    { active: true, scope: [SOURCE_ID], reason: 'outage' },
    new Date(),
  );
  await audit.answered(
    switched,
    {
      kind: 'accepted',
      accepted: { command_id: 'cmd-1', active: true, source_ids: [SOURCE_ID], issued_at: ago(5) },
    },
    new Date(),
  );
  await audit.requested('alice', { active: false, scope: 'all', reason: 'over' }, new Date());
}

/** A failed platform call, its operator's audit row, and an open parked record. */
async function seedFailures(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `INSERT INTO effect (id, kind, sequence_key, payload, status, attempts, last_error, result, trace_parent)
     VALUES ($1, 'post_reply', $2, '{"text":"Bonjour"}', 'failed', 5, 'http (500): Internal Server Error', NULL, NULL)`,
    [FAILED_EFFECT_ID, THREADS.resolved],
  );
  await dataSource.query(
    `INSERT INTO ops_audit (actor, action, target_kind, target_id, reason, before, after)
     VALUES ('ops:bob', 'retry', 'effect', $1, 'the platform is back', '{"status":"failed"}', '{"status":"pending"}')`,
    [FAILED_EFFECT_ID],
  );
  const [consumer, topic, partition, offset] = PARKED_KEY.split('/');
  await dataSource.query(
    `INSERT INTO parked_record (consumer, topic, partition, "offset", event_id, event_type, record_key, cause,
       reason, attempts, value_kept)
     VALUES ($1, $2, $3, $4, 'event-bad', 'thread.handed_over', $5, 'invalid', 'waited_ms must be a number', 1, true)`,
    [consumer, topic, Number(partition), offset, THREADS.handedOver],
  );
}

type SeedRecord = Omit<ConsumedRecord, 'offset'>;

function record(topic: string, key: string, type: string, id: string, value: object): SeedRecord {
  return {
    topic,
    partition: 0,
    key,
    eventType: type,
    eventId: id,
    headers: { [RECORD_HEADERS.eventType]: type, [RECORD_HEADERS.eventId]: id },
    rawValue: JSON.stringify(value),
  };
}

function conversation(
  thread: string,
  ago: (seconds: number) => string,
  seconds: number,
  language: string,
  then: SeedRecord[],
): SeedRecord[] {
  const id = `m${thread.slice(-4)}`;
  return [
    record(ENGAGE_EVENTS.topic.name, thread, 'content.imported', id, {
      type: 'content.imported',
      id,
      issued_at: ago(seconds),
      resource: {
        type: 'chat/message',
        id: `c${thread.slice(-4)}`,
        metadata: { thread_id: thread, source_id: SOURCE_ID, language, author_id: 'a1', body: 'Bonjour' },
      },
    }),
    ...then,
  ];
}

function intervention(type: string, thread: string, id: string, at: string, userId: string): SeedRecord {
  const eventId = `${type.replace('.', '-')}-${id}`;
  return record(ENGAGE_EVENTS.topic.name, thread, type, eventId, {
    type,
    id: eventId,
    issued_at: at,
    user_id: userId,
    resource: {
      type: 'intervention',
      id,
      metadata: {},
      source_id: SOURCE_ID,
      thread_id: thread,
      user_id: userId,
    },
  });
}

function botReplied(thread: string, at: string): SeedRecord {
  const event: BotRepliedEvent = {
    type: 'bot.replied',
    event_id: `bot.replied:${thread}`,
    thread_id: thread,
    content_id: `c${thread.slice(-4)}`,
    source_id: SOURCE_ID,
    occurred_at: at,
    language: 'fr',
    text: 'Bonjour !',
    intent: 'greeting',
    fallback: false,
  };
  return record(BOT_EVENTS.topic.name, thread, event.type, event.event_id, event);
}

function botResolved(thread: string, at: string): SeedRecord {
  const event: BotResolvedEvent = {
    type: 'bot.resolved',
    event_id: `bot.resolved:${thread}`,
    thread_id: thread,
    content_id: `c${thread.slice(-4)}`,
    source_id: SOURCE_ID,
    occurred_at: at,
    language: 'fr',
    text: 'Bonne journée !',
    intent: 'goodbye',
  };
  return record(BOT_EVENTS.topic.name, thread, event.type, event.event_id, event);
}

function handoverRequested(thread: string, at: string, reason: 'explicit' | 'fallbacks'): SeedRecord {
  const event: BotHandoverRequestedEvent = {
    type: 'bot.handover_requested',
    event_id: `bot.handover_requested:${thread}`,
    thread_id: thread,
    content_id: `c${thread.slice(-4)}`,
    source_id: SOURCE_ID,
    occurred_at: at,
    language: 'fr',
    reason,
    text: 'Je vous passe un conseiller.',
    intent: 'human_agent',
    transcript: [{ at, from: 'customer', text: 'un conseiller svp' }],
  };
  return record(BOT_EVENTS.topic.name, thread, event.type, event.event_id, event);
}

function handedOver(thread: string, at: string): SeedRecord {
  const event: ThreadHandedOverEvent = {
    type: 'thread.handed_over',
    event_id: `thread.handed_over:${thread}:x`,
    thread_id: thread,
    source_id: SOURCE_ID,
    occurred_at: at,
    causation_id: `bot.handover_requested:${thread}`,
    trigger: 'bot_request',
    reason: 'explicit',
    category_ids: ['cat-agent'],
    private_note: false,
    waited_ms: 1_500,
  };
  return record(HANDOVER_EVENTS.topic.name, thread, event.type, event.event_id, event);
}

function queued(thread: string, at: string): SeedRecord {
  const event: HandoverQueuedEvent = {
    type: 'handover.queued',
    event_id: `handover.queued:${thread}:x`,
    thread_id: thread,
    source_id: SOURCE_ID,
    occurred_at: at,
    causation_id: `bot.handover_requested:${thread}`,
    reason: 'fallbacks',
    language: 'fr',
  };
  return record(HANDOVER_EVENTS.topic.name, thread, event.type, event.event_id, event);
}

function emergency(type: EmergencyEvent['type'], command: string, at: string): SeedRecord {
  const event: EmergencyEvent = {
    type,
    event_id: `${type}:${command}`,
    command_id: command,
    source_ids: type === 'emergency.activated' ? [SOURCE_ID] : null,
    reason: 'Bot provider outage',
    actor: 'ops:jane',
    occurred_at: at,
    threads_in_scope: 3,
  };
  return record(HANDOVER_EVENTS.topic.name, EMERGENCY_EVENTS_KEY, event.type, event.event_id, event);
}

function availability(at: string): SeedRecord {
  const event: AvailabilityEvent = {
    type: 'availability.snapshot',
    event_id: `availability.snapshot:${SOURCE_ID}:${at}`,
    source_id: SOURCE_ID,
    channel_id: 'channel-chat',
    available_agents: 1,
    agent_ids: ['agent-a'],
    occurred_at: at,
  };
  return record(AVAILABILITY_EVENTS.topic.name, SOURCE_ID, event.type, event.event_id, event);
}
