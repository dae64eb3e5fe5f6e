// Samples for asyncapi.contract.unit.spec.ts. Each is typed with the contracts library so that tsc
// fails when a field is added to a type (or removed from it) and not to its sample; the spec then
// checks the sample against docs/asyncapi.yaml. Real records, built by the code that publishes them,
// check keys, headers and values as they actually go out.
import {
  type AvailabilityEvent,
  BOT_EFFECT_FAILED,
  type BotEffectFailedEvent,
  type BotHandoverRequestedEvent,
  type BotRepliedEvent,
  type BotResolvedEvent,
  type BotEvent,
  BOT_THREAD_READ,
  type BotThreadReadEvent,
  BOT_ANSWERED,
  BOT_ANSWER_FAILED,
  type BotAnswerBody,
  type BotAnsweredEvent,
  type BotAnswerFailedEvent,
  EMERGENCY_EVENTS_KEY,
  EMERGENCY_SOURCE_DEFAULTS_CHANGED,
  EMERGENCY_SWITCHED,
  type EmergencyEvent,
  type EmergencySourceDefaultsEvent,
  type EmergencySwitchedCommand,
  type EngageEventRecordValue,
  type HandoverEffectFailedEvent,
  type HandoverEvent,
  type HandoverQueuedEvent,
  type HandoverReason,
  type HandoverRequestDeclinedEvent,
  type HandoverRequestedEvent,
  type HandoverTrigger,
  type HandoverWaitAcknowledgedEvent,
  type ReplyTarget,
  type ThreadClosedEvent,
  type ThreadCloseRequestedEvent,
  type ThreadHandedOverEvent,
  type ThreadKeptWithAgentsEvent,
  type ThreadReturnedToBotEvent,
  type TranscriptLine,
  TOPICS,
  HANDOVER_EVENTS,
  OPS_COMMANDS,
  BOT_EVENTS,
  AVAILABILITY_EVENTS,
} from '@handover/contracts';
import { type EngageClient } from '@handover/engage-client';
import { type OutgoingRecord } from '@handover/kafka';
import { type EffectToRun } from '@handover/event-runtime';
import { type DataSource, type EntityManager } from 'typeorm';
import { decideAvailability } from '../../apps/availability-poller/src/polling/availability.decider';
import { publishEffectFailed as publishBotEffectFailed } from '../../apps/bot-responder/src/effects/effect-failed.publisher';
import { ReadThreadExecutor } from '../../apps/bot-responder/src/effects/read-thread.executor';
import { AskBotExecutor } from '../../apps/bot-responder/src/effects/ask-bot.executor';
import { type BotAnswer, type BotEngine } from '../../apps/bot-responder/src/bot-engine';
import { aTurn } from '../../apps/bot-responder/src/bot-engine/testing/bot-turn.fixture';
import { ASK_BOT_KIND, type AskBotPayload } from '../../apps/bot-responder/src/replies/ask-bot';
import { emptyThread } from '../../apps/bot-responder/src/projection/thread-state';
import { READ_THREAD_KIND, type ReadThreadPayload } from '../../apps/bot-responder/src/replies/read-thread';
import { decideReply, type ReplyPolicy } from '../../apps/bot-responder/src/replies/reply.decider';
import { toEmergencyCommand } from '../../apps/gateway/src/admin/emergency-command.mapper';
import { parseWebhookDelivery } from '../../apps/gateway/src/webhooks/webhook-delivery.parser';
import { webhookToRecords } from '../../apps/gateway/src/webhooks/webhook-to-records.mapper';
import { publishEffectFailed as publishHandoverEffectFailed } from '../../apps/handover/src/effects/handover-effect-failed.publisher';
import {
  SourceDefaultExecutor,
  type SourceDefaultPayload,
} from '../../apps/handover/src/effects/source-default.executor';
import { type RoutingPolicy } from '../../apps/handover/src/routing/routing-policy';
import { emptyFacts, initialRoutingState } from '../../apps/handover/src/routing/routing-state';
import {
  type RoutingCommand,
  type RoutingContext,
  decide,
  evolve,
} from '../../apps/handover/src/routing/routing.decider';
import { deadLetterRecord, describeFailure } from '../../libs/event-runtime/src/consumer/dead-letter';
import { SEED_CONTENT_IMPORTED, SEED_INTERVENTION_CLOSED, copyOf } from '../fixtures';

/** The message on engage.events.v1: every RCED event type, one shape. */
export const ENGAGE_MESSAGE = 'rced-webhook-event';
/** The message on every dead-letter topic. */
export const DEAD_LETTER_MESSAGE = 'dead-letter';

/** The apps, as the operations of docs/asyncapi.yaml are tagged. */
export type App = 'gateway' | 'bot-responder' | 'handover' | 'availability-poller' | 'intervention-stats';

// ---------------------------------------------------------------------------------------- types

/** Keys of T that may be left out (`?`). */
type OptionalKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never }[keyof T];
/** Keys of T that may hold null. */
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];
/** An object whose keys are exactly the members of U: tsc refuses a missing or an extra one. */
type KeySet<U extends PropertyKey> = { [K in U]: true };

export interface MessageSample {
  /** Every field of the type, optional ones too, none null (arrays with an item), so nested schemas are reached. */
  readonly full: Readonly<Record<string, unknown>>;
  /** The fields the type marks optional: the schema must not require them. */
  readonly optional: readonly string[];
  /** The fields the type lets be null: the schema must accept null there, and only there. */
  readonly nullable: readonly string[];
}

/**
 * A sample of T, checked by tsc: `full` has every field of T and no other, and `fields` names
 * exactly its optional and its nullable fields. T must be given explicitly.
 */
function sampleOf<T = never>(
  full: Required<NoInfer<T>>,
  fields: { optional: KeySet<OptionalKeys<NoInfer<T>>>; nullable: KeySet<NullableKeys<NoInfer<T>>> },
): MessageSample {
  return { full, optional: Object.keys(fields.optional), nullable: Object.keys(fields.nullable) };
}

/** Exactly the members of a string union, checked by tsc. U must be given explicitly. */
function membersOf<U extends string = never>(members: KeySet<NoInfer<U>>): readonly string[] {
  return Object.keys(members);
}

// ---------------------------------------------------------------------------------------- samples

const THREAD = '5be5ae57d6cb009bde8e5674';
const SOURCE = '5b3b6562d6cb00f93fe59c9f';
const CONTENT = '5be5aeffd6cb009bde8e56e2';
const AT = '2026-03-02T10:00:00.412Z';
const LINE: TranscriptLine = { at: '2026-03-02T09:59:59.770Z', from: 'customer', text: 'un conseiller svp' };
/** Every field set (an email, so that `email` is an object), so that the nested schema is reached. */
const REPLY_TARGET: ReplyTarget = {
  content_id: CONTENT,
  thread_id: THREAD,
  content_type: 'emails/email',
  private: true,
  author_id: 'identity-1',
  thread_title: 'Ma commande',
  email: { from: 'client@example.com', cc: ['copie@example.com'], bcc: ['cachee@example.com'] },
};

// Fields are written out, never spread in: tsc checks written fields against the type (a field
// removed from the type fails here), not spread ones.

const emergency = (type: EmergencyEvent['type']): MessageSample =>
  sampleOf<EmergencyEvent>(
    {
      type,
      event_id: `${type}:cmd-1`,
      command_id: 'cmd-1',
      source_ids: [SOURCE],
      reason: 'Bot provider outage',
      actor: 'ops@example.com',
      occurred_at: AT,
      threads_in_scope: 3,
    },
    { optional: {}, nullable: { source_ids: true } },
  );

const availability = (type: AvailabilityEvent['type']): MessageSample =>
  sampleOf<AvailabilityEvent>(
    {
      type,
      event_id: `${type}:${SOURCE}:${AT}`,
      source_id: SOURCE,
      channel_id: 'channel-chat',
      available_agents: 1,
      agent_ids: ['agent-a'],
      occurred_at: AT,
    },
    { optional: {}, nullable: {} },
  );

/** The messages checked field by field: every event type of the contracts library, and then some. */
export type SampledMessage =
  | BotEvent['type']
  | HandoverEvent['type']
  | AvailabilityEvent['type']
  | typeof EMERGENCY_SWITCHED
  | typeof BOT_EFFECT_FAILED
  | typeof BOT_THREAD_READ
  | typeof BOT_ANSWERED
  | typeof BOT_ANSWER_FAILED
  | typeof ENGAGE_MESSAGE;

/** `bot.effect_failed`'s sample is what its publisher writes. */
export async function messageSamples(): Promise<Record<SampledMessage, MessageSample>> {
  const botEffectFailed = (await botEffectFailedRecords())[0];
  const answers = await botAnswerRecords();
  const botAnswered = answers[0];
  const botAnswerFailed = answers[answers.length - 1];
  return {
    [ENGAGE_MESSAGE]: sampleOf<EngageEventRecordValue>(
      {
        type: 'content.imported',
        id: '5be5aeffe203116daf064709',
        issued_at: '2026-03-02T09:59:59.770Z',
        resource: {
          type: 'chat/message',
          id: CONTENT,
          metadata: {
            thread_id: THREAD,
            source_id: SOURCE,
            category_ids: ['cat-bot'],
            intervention_id: null,
            creator_id: null,
            body: 'Bonjour',
            language: 'fr',
          },
        },
        envelope_id: '1e047f0fc947a3da736a65b2',
        domain_id: 1,
      },
      // An index signature: no field of its own is optional or nullable.
      { optional: {}, nullable: {} },
    ),
    'bot.replied': sampleOf<BotRepliedEvent>(
      {
        thread_id: THREAD,
        content_id: CONTENT,
        source_id: SOURCE,
        occurred_at: AT,
        language: 'fr',
        type: 'bot.replied',
        event_id: `bot.replied:${CONTENT}`,
        text: 'Bonjour !',
        intent: 'greeting',
        fallback: false,
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'bot.resolved': sampleOf<BotResolvedEvent>(
      {
        thread_id: THREAD,
        content_id: CONTENT,
        source_id: SOURCE,
        occurred_at: AT,
        language: 'fr',
        type: 'bot.resolved',
        event_id: `bot.resolved:${CONTENT}`,
        text: 'Bonne journée !',
        intent: 'goodbye',
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'bot.handover_requested': sampleOf<BotHandoverRequestedEvent>(
      {
        thread_id: THREAD,
        content_id: CONTENT,
        source_id: SOURCE,
        occurred_at: AT,
        language: 'fr',
        type: 'bot.handover_requested',
        event_id: `bot.handover_requested:${CONTENT}`,
        reason: 'explicit',
        reason_detail: 'refund over 500 EUR',
        text: 'Je vous passe un conseiller.',
        intent: 'human_agent',
        transcript: [LINE],
        category_ids: ['cat-bot'],
        categories_at: LINE.at,
        intervention_id: 'intervention-1',
        reply_target: REPLY_TARGET,
      },
      {
        optional: {
          reason_detail: true,
          category_ids: true,
          categories_at: true,
          intervention_id: true,
          reply_target: true,
        },
        nullable: {
          reason_detail: true,
          source_id: true,
          text: true,
          intent: true,
          category_ids: true,
          categories_at: true,
          intervention_id: true,
        },
      },
    ),
    [BOT_EFFECT_FAILED]: sampleOf<BotEffectFailedEvent>(
      JSON.parse(botEffectFailed.value) as BotEffectFailedEvent,
      { optional: {}, nullable: { status: true } },
    ),
    [BOT_THREAD_READ]: sampleOf<BotThreadReadEvent>(
      {
        type: BOT_THREAD_READ,
        event_id: `${BOT_THREAD_READ}:${CONTENT}`,
        thread_id: THREAD,
        content_id: CONTENT,
        category_ids: ['cat-bot'],
        read_at: AT,
      },
      { optional: {}, nullable: { category_ids: true } },
    ),
    [BOT_ANSWERED]: sampleOf<BotAnsweredEvent>(JSON.parse(botAnswered.value) as BotAnsweredEvent, {
      optional: {},
      nullable: {},
    }),
    [BOT_ANSWER_FAILED]: sampleOf<BotAnswerFailedEvent>(
      JSON.parse(botAnswerFailed.value) as BotAnswerFailedEvent,
      { optional: {}, nullable: {} },
    ),
    [EMERGENCY_SWITCHED]: sampleOf<EmergencySwitchedCommand>(
      {
        command_id: 'cmd-1',
        active: true,
        source_ids: [SOURCE],
        reason: 'Bot provider outage',
        actor: 'ops@example.com',
        issued_at: AT,
      },
      { optional: {}, nullable: { source_ids: true } },
    ),
    'handover.requested': sampleOf<HandoverRequestedEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: `bot.handover_requested:${CONTENT}`,
        type: 'handover.requested',
        event_id: `handover.requested:${THREAD}:bot.handover_requested:${CONTENT}`,
        reason: 'explicit',
        reason_detail: 'refund over 500 EUR',
        content_id: CONTENT,
        language: 'fr',
        intervention_id: 'intervention-1',
        transcript: [LINE],
        reply_target: REPLY_TARGET,
      },
      {
        optional: { reason_detail: true, reply_target: true },
        nullable: { reason_detail: true, source_id: true, intervention_id: true },
      },
    ),
    'handover.queued': sampleOf<HandoverQueuedEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: `bot.handover_requested:${CONTENT}`,
        type: 'handover.queued',
        event_id: `handover.queued:${THREAD}:bot.handover_requested:${CONTENT}`,
        reason: 'fallbacks',
        language: 'fr',
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'thread.handed_over': sampleOf<ThreadHandedOverEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: `bot.handover_requested:${CONTENT}`,
        type: 'thread.handed_over',
        event_id: `thread.handed_over:${THREAD}:bot.handover_requested:${CONTENT}`,
        trigger: 'availability',
        reason: 'explicit',
        category_ids: ['cat-other', 'cat-agent'],
        private_note: true,
        waited_ms: 1200,
        offline_notice: true,
      },
      { optional: { offline_notice: true }, nullable: { source_id: true, waited_ms: true } },
    ),
    'thread.returned_to_bot': sampleOf<ThreadReturnedToBotEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: `bot.handover_requested:${CONTENT}`,
        type: 'thread.returned_to_bot',
        event_id: `thread.returned_to_bot:${THREAD}:event-9`,
        trigger: 'intervention_closed',
        category_ids: ['cat-other', 'cat-bot'],
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'thread.kept_with_agents': sampleOf<ThreadKeptWithAgentsEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: `bot.handover_requested:${CONTENT}`,
        type: 'thread.kept_with_agents',
        event_id: `thread.kept_with_agents:${THREAD}:event-9`,
        rule: 'loop_protection',
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'thread.close_requested': sampleOf<ThreadCloseRequestedEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: 'event-9',
        type: 'thread.close_requested',
        event_id: `thread.close_requested:${THREAD}:event-9`,
        intervention_id: 'intervention-1',
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'thread.closed': sampleOf<ThreadClosedEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: `bot.handover_requested:${CONTENT}`,
        type: 'thread.closed',
        event_id: `thread.closed:${THREAD}:event-9`,
        intervention_id: 'intervention-1',
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'handover.request_declined': sampleOf<HandoverRequestDeclinedEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: `bot.handover_requested:${CONTENT}`,
        type: 'handover.request_declined',
        event_id: `handover.request_declined:${THREAD}:bot.handover_requested:${CONTENT}`,
        reason: 'already_waiting',
        content_id: CONTENT,
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'handover.wait_acknowledged': sampleOf<HandoverWaitAcknowledgedEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: 'event-9',
        type: 'handover.wait_acknowledged',
        event_id: `handover.wait_acknowledged:${THREAD}:event-9`,
        content_id: CONTENT,
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'handover.effect_failed': sampleOf<HandoverEffectFailedEvent>(
      {
        thread_id: THREAD,
        source_id: SOURCE,
        occurred_at: AT,
        causation_id: 'effect-1',
        type: 'handover.effect_failed',
        event_id: `handover.effect_failed:${THREAD}:effect-1`,
        effect_id: 'effect-1',
        effect_kind: 'update_categories',
        error: 'not_found (404): Thread not found',
      },
      { optional: {}, nullable: { source_id: true } },
    ),
    'emergency.activated': emergency('emergency.activated'),
    'emergency.deactivated': emergency('emergency.deactivated'),
    [EMERGENCY_SOURCE_DEFAULTS_CHANGED]: sampleOf<EmergencySourceDefaultsEvent>(
      {
        type: EMERGENCY_SOURCE_DEFAULTS_CHANGED,
        event_id: `${EMERGENCY_SOURCE_DEFAULTS_CHANGED}:source-default:cmd-1:${SOURCE}`,
        command_id: 'cmd-1',
        source_id: SOURCE,
        category_ids_before: ['cat-other', 'cat-bot'],
        category_ids_after: ['cat-other', 'cat-agent'],
        change: 'set',
        occurred_at: AT,
      },
      { optional: {}, nullable: {} },
    ),
    'availability.changed': availability('availability.changed'),
    'availability.snapshot': availability('availability.snapshot'),
  };
}

// ---------------------------------------------------------------------------------------- enums

const HANDOVER_REASONS = membersOf<HandoverReason>({
  explicit: true,
  fallbacks: true,
  intent: true,
  bot_error: true,
});
const TRANSCRIPT_FROM = membersOf<TranscriptLine['from']>({ customer: true, bot: true });

/**
 * Every closed set of values in a payload (other than `type`), checked against its TS union; the
 * spec fails on an `enum` of the document not listed here. Path: fields separated by dots, `[]` for
 * an array's items.
 */
export const ENUMS: ReadonlyArray<{ message: SampledMessage; path: string; values: readonly string[] }> = [
  { message: 'bot.handover_requested', path: 'reason', values: HANDOVER_REASONS },
  {
    message: 'bot.answered',
    path: 'answer.kind',
    values: membersOf<BotAnswerBody['kind']>({ reply: true, resolve: true, handover: true }),
  },
  {
    message: 'bot.answered',
    path: 'answer.reason',
    values: membersOf<Extract<BotAnswerBody, { kind: 'handover' }>['reason']>({
      explicit: true,
      intent: true,
    }),
  },
  { message: 'bot.handover_requested', path: 'transcript[].from', values: TRANSCRIPT_FROM },
  { message: 'handover.requested', path: 'reason', values: HANDOVER_REASONS },
  { message: 'handover.requested', path: 'transcript[].from', values: TRANSCRIPT_FROM },
  { message: 'handover.queued', path: 'reason', values: HANDOVER_REASONS },
  {
    message: 'thread.handed_over',
    path: 'trigger',
    values: membersOf<HandoverTrigger>({
      bot_request: true,
      availability: true,
      emergency: true,
      waiting_timeout: true,
      console: true,
    }),
  },
  {
    message: 'thread.handed_over',
    path: 'reason',
    values: membersOf<ThreadHandedOverEvent['reason']>({
      explicit: true,
      fallbacks: true,
      intent: true,
      bot_error: true,
      emergency: true,
      console: true,
    }),
  },
  {
    message: 'thread.returned_to_bot',
    path: 'trigger',
    values: membersOf<ThreadReturnedToBotEvent['trigger']>({
      intervention_closed: true,
      waiting_timeout: true,
      console: true,
      handover_failed: true,
      emergency_ended: true,
      customer_asked: true,
    }),
  },
  {
    message: 'thread.kept_with_agents',
    path: 'rule',
    values: membersOf<ThreadKeptWithAgentsEvent['rule']>({
      loop_protection: true,
      asked_for_human: true,
      emergency: true,
      close_refused: true,
      recategorization_failed: true,
    }),
  },
  {
    message: 'handover.request_declined',
    path: 'reason',
    values: membersOf<HandoverRequestDeclinedEvent['reason']>({ already_waiting: true, thread_closed: true }),
  },
  {
    message: EMERGENCY_SOURCE_DEFAULTS_CHANGED,
    path: 'change',
    values: membersOf<EmergencySourceDefaultsEvent['change']>({ set: true, restored: true }),
  },
];

// ---------------------------------------------------------------------------------------- real records

export interface RealRecord {
  /** The app that publishes it (the tag of its send operation). */
  producer: App;
  /** The message of docs/asyncapi.yaml it should be. */
  message: string;
  record: OutgoingRecord;
}

/** What appendToOutbox would insert (its parameters: topics, keys, values, headers as JSON). */
function outboxCapture(): { manager: EntityManager; records: OutgoingRecord[] } {
  const records: OutgoingRecord[] = [];
  const query = (_sql: string, [topics, keys, values, headers]: string[][]): Promise<unknown[]> => {
    topics.forEach((topic, i) =>
      records.push({
        topic,
        key: keys[i],
        value: values[i],
        headers: JSON.parse(headers[i]) as Record<string, string>,
      }),
    );
    return Promise.resolve([]);
  };
  return { manager: { query } as unknown as EntityManager, records };
}

async function botEffectFailedRecords(): Promise<OutgoingRecord[]> {
  const outbox = outboxCapture();
  const effect = {
    id: `reply:${CONTENT}`,
    kind: 'post_reply',
    sequenceKey: THREAD,
    payload: {},
    attempts: 5,
    outcomeUnknown: false,
  };
  await publishBotEffectFailed(outbox.manager, effect, {
    code: 'unprocessable_entity',
    message: 'Source is disabled',
    status: 422,
    attempts: 5,
  });
  await publishBotEffectFailed(outbox.manager, effect, {
    code: 'timeout',
    message: 'No answer',
    attempts: 5,
  });
  return outbox.records;
}

/** bot.thread_read as the read-thread call's settlement writes it: read, then given up (with its bot.effect_failed). */
async function botThreadReadRecords(): Promise<OutgoingRecord[]> {
  const outbox = outboxCapture();
  // onDone and onFailed never call RCED: no client is needed.
  const executor = new ReadThreadExecutor(undefined as unknown as EngageClient);
  const effect: EffectToRun<ReadThreadPayload> = {
    id: `read-thread:${CONTENT}`,
    kind: READ_THREAD_KIND,
    sequenceKey: THREAD,
    payload: { threadId: THREAD, contentId: CONTENT },
    attempts: 5,
    outcomeUnknown: false,
  };
  await executor.onDone(outbox.manager, effect, { categoryIds: ['cat-other', 'cat-bot'], readAt: AT });
  await executor.onFailed(outbox.manager, effect, { code: 'timeout', message: 'No answer', attempts: 5 });
  return outbox.records;
}

/** bot.answered and bot.answer_failed as the ask-bot call's settlement writes them: a reply, a handover, a failure. */
async function botAnswerRecords(): Promise<OutgoingRecord[]> {
  const outbox = outboxCapture();
  const turn = aTurn({ threadId: THREAD, contentId: CONTENT, language: 'fr' });
  const executor = new AskBotExecutor(undefined as unknown as BotEngine, undefined, () => new Date(AT));
  const effect: EffectToRun<AskBotPayload> = {
    id: turn.turnId,
    kind: ASK_BOT_KIND,
    sequenceKey: THREAD,
    payload: { turn },
    attempts: 1,
    outcomeUnknown: false,
  };
  const answers: BotAnswer[] = [
    { kind: 'reply', text: 'Bonjour !', intent: 'greeting', language: 'fr', fallback: false },
    { kind: 'handover', text: null, intent: null, language: 'fr', reason: 'explicit' },
  ];
  for (const answer of answers) {
    await executor.onDone(outbox.manager, effect, { answer, answeredAt: AT });
  }
  await executor.onFailed(outbox.manager, effect, {
    code: 'timeout',
    message: 'The bot at https://bot.example/turns did not answer within 3000 ms',
    attempts: 2,
  });
  return outbox.records;
}

export const REPLY_POLICY: ReplyPolicy = {
  botCategoryId: 'cat-bot',
  agentCategoryId: 'cat-agent',
  botUserId: 'user-bot',
  attachmentNotices: { fr: 'Je ne lis que le texte.' },
  openInterventionFirst: true,
  maxConsecutiveFallbacks: 2,
  defaultLanguage: 'fr',
  failurePolicy: 'handover',
  apologies: { fr: 'Désolé, un souci technique.' },
};

function botDecisionRecords(): OutgoingRecord[] {
  const fact = {
    eventId: 'event-1',
    issuedAt: LINE.at,
    contentId: CONTENT,
    threadId: THREAD,
    sourceId: SOURCE,
    body: 'Bonjour',
    hasAttachment: false,
    notCustomer: null,
    authorId: 'identity-1',
    categoryIds: ['cat-bot'],
    interventionId: null,
    firstInThread: true,
    inReplyToId: null,
    language: null,
    replyTarget: {
      content_id: CONTENT,
      thread_id: THREAD,
      content_type: 'chat/message',
      private: true,
      author_id: 'identity-1',
      thread_title: null,
      email: null,
    },
  };
  const seen = {
    ...emptyThread(THREAD),
    sourceId: SOURCE,
    categoryIds: ['cat-bot'],
    categoriesAt: LINE.at,
    lastFactAt: LINE.at,
  };
  const now = new Date(AT);
  return [
    decideReply(
      fact,
      emptyThread(THREAD),
      { kind: 'reply', text: 'Bonjour !', intent: 'greeting', language: 'fr', fallback: false },
      REPLY_POLICY,
      now,
    ),
    decideReply(
      fact,
      seen,
      { kind: 'resolve', text: 'Bonne journée !', intent: 'goodbye', language: 'fr' },
      REPLY_POLICY,
      now,
    ),
    decideReply(fact, seen, { kind: 'error', message: 'bot down' }, REPLY_POLICY, now),
  ].map(({ event }) => BOT_EVENTS.record(event));
}

const ROUTING_POLICY: RoutingPolicy = {
  botCategoryId: 'cat-bot',
  agentCategoryId: 'cat-agent',
  botUserId: 'user-bot',
  reopenPolicy: 'bot-first',
  agentNote: true,
  waitingTimeoutMs: 300_000,
  waitingFallback: 'agent',
  waitingNotices: { fr: 'Un conseiller va vous répondre.' },
  stillWaitingNotices: { fr: 'Vous êtes toujours en attente d’un conseiller.' },
  waitingReminderMs: 60_000,
  offlineNotices: { fr: 'Aucun conseiller n’est disponible pour le moment.' },
  botKeywords: ['bot', 'robot'],
  botReturnNotices: { fr: 'Je reprends la conversation.' },
  defaultLanguage: 'fr',
  loopMaxHandovers: 2,
  loopWindowMs: 7_200_000,
};

/** A time `ms` after AT. */
const after = (ms: number): string => new Date(Date.parse(AT) + ms).toISOString();

/** Routing decisions, as the decider makes them along a thread's life. */
function routingRecords(): OutgoingRecord[] {
  const request: RoutingCommand = {
    kind: 'request_handover',
    causationId: `bot.handover_requested:${CONTENT}`,
    at: AT,
    reason: 'explicit',
    reasonDetail: 'refund over 500 EUR',
    contentId: CONTENT,
    language: 'fr',
    transcript: [LINE],
    categoryIds: ['cat-other', 'cat-bot'],
    categoriesAt: LINE.at,
    interventionId: null,
    replyTarget: REPLY_TARGET,
  };
  const facts = { ...emptyFacts(THREAD), sourceId: SOURCE };
  // A realtime source with nobody free.
  const context: RoutingContext = {
    policy: ROUTING_POLICY,
    facts,
    emergency: false,
    realtime: true,
    freeAgents: 0,
  };
  const bot = initialRoutingState(THREAD);
  // An asynchronous source: handed over at once. A realtime one with nobody free: queued.
  const handedOver = decide(bot, request, { ...context, realtime: false });
  const queued = decide(bot, request, context);
  const waiting = queued.reduce(evolve, bot);
  const agent = handedOver.reduce(evolve, bot);
  const closed: RoutingCommand = {
    kind: 'intervention_closed',
    causationId: 'event-9',
    at: after(600_000),
    interventionId: 'intervention-1',
    closedBy: 'agent-a',
    heldBy: 'agent-a',
    issuedAt: after(599_000),
  };
  const closeThread = { ...context, policy: { ...ROUTING_POLICY, reopenPolicy: 'close-thread' as const } };
  const closeSettled = {
    causationId: `close-thread:thread.close_requested:${THREAD}:event-9`,
    at: after(602_000),
  };
  const closeDone = decide(
    agent,
    { ...closeSettled, kind: 'close_done', interventionId: 'intervention-1' },
    closeThread,
  );
  const secondRequest: RoutingCommand = {
    ...request,
    causationId: 'bot.handover_requested:content-2',
    at: after(30_000),
    contentId: 'content-2',
  };
  return [
    ...handedOver,
    ...queued,
    // The bot asks again for a thread already waiting, or closed: declined, not dropped.
    ...decide(waiting, secondRequest, context),
    ...decide(closeDone.reduce(evolve, agent), secondRequest, context),
    // The waiting customer writes again after the reminder delay; then the wait ends with nobody online.
    ...decide(
      waiting,
      {
        kind: 'customer_wrote',
        causationId: 'event-8',
        at: after(60_000),
        contentId: 'content-3',
        text: 'Toujours là ?',
      },
      context,
    ),
    // Or asks for the bot back.
    ...decide(
      waiting,
      {
        kind: 'customer_wrote',
        causationId: 'event-9',
        at: after(61_000),
        contentId: 'content-4',
        text: 'robot',
      },
      context,
    ),
    ...decide(
      waiting,
      { kind: 'waiting_expired', causationId: `waiting-expired:${THREAD}`, at: after(300_000) },
      context,
    ),
    // An agent closes the intervention: close-thread asks RCED, which accepts or refuses; bot-first returns it.
    ...decide(agent, closed, closeThread),
    ...closeDone,
    ...decide(
      agent,
      { ...closeSettled, kind: 'close_refused', interventionId: 'intervention-1' },
      closeThread,
    ),
    ...decide(agent, closed, context),
  ].map((event) => HANDOVER_EVENTS.record(event));
}

async function handoverEffectFailedRecords(): Promise<OutgoingRecord[]> {
  const outbox = outboxCapture();
  await publishHandoverEffectFailed(
    outbox.manager,
    {
      id: 'effect-1',
      kind: 'update_categories',
      sequenceKey: THREAD,
      payload: {},
      attempts: 1,
      outcomeUnknown: false,
    },
    { code: 'not_found', message: 'Thread not found', status: 404, attempts: 1 },
  );
  return outbox.records;
}

/** A source's default categories as the source-default call's settlement publishes them. */
async function sourceDefaultsRecords(): Promise<OutgoingRecord[]> {
  const outbox = outboxCapture();
  // onDone never calls RCED nor the database: neither is needed.
  const executor = new SourceDefaultExecutor(
    undefined as unknown as EngageClient,
    undefined as unknown as DataSource,
    ROUTING_POLICY,
  );
  const effect: EffectToRun<SourceDefaultPayload> = {
    id: `source-default:cmd-1:${SOURCE}`,
    kind: executor.kind,
    sequenceKey: EMERGENCY_EVENTS_KEY,
    payload: { commandId: 'cmd-1', sourceId: SOURCE },
    attempts: 1,
    outcomeUnknown: false,
  };
  await executor.onDone(outbox.manager, effect, {
    change: { before: ['cat-other', 'cat-bot'], after: ['cat-other', 'cat-agent'], change: 'set' },
  });
  return outbox.records;
}

function availabilityRecords(): OutgoingRecord[] {
  const chat = { id: 'channel-chat', name: 'Chat', status: 'available', busyness: 'ok' } as const;
  const { events } = decideAvailability(
    {
      statuses: [{ agent_id: 'agent-b', channels: [chat], custom_status: null }],
      allowedAgentIds: new Set(['agent-a', 'agent-b']),
      sources: [{ sourceId: SOURCE, channelId: 'channel-chat' }],
      lastPublished: new Map([
        [
          SOURCE,
          {
            sourceId: SOURCE,
            channelId: 'channel-chat',
            agentIds: ['agent-a'],
            publishedAt: '2026-03-02T09:59:00.000Z',
            snapshotAt: '2026-03-02T09:00:00.000Z',
          },
        ],
      ]),
    },
    { snapshotEveryMs: 300_000 },
    new Date(AT),
  );
  return events.map((event) => AVAILABILITY_EVENTS.record(event));
}

function deadLetters(topic: string, consumer: string): OutgoingRecord[] {
  const consumed = {
    topic: TOPICS.engageEvents.name,
    partition: 7,
    offset: '1042',
    eventType: 'content.imported',
    eventId: 'event-1',
    headers: { 'event-type': 'content.imported', 'event-id': 'event-1', 'schema-version': '1' },
    rawValue: '{"type": "content.imp',
    value: undefined,
  };
  return [
    deadLetterRecord(
      topic,
      consumer,
      { ...consumed, key: THREAD },
      describeFailure(new SyntaxError('Unexpected end')),
      1,
    ),
    deadLetterRecord(topic, consumer, { ...consumed, key: null, headers: {} }, 'not an error', 3),
  ];
}

/** Records as the apps build them, each with the message it should match. */
export async function realRecords(): Promise<RealRecord[]> {
  const issuedAt = new Date(AT);
  const gateway = [
    ...webhookToRecords(parseWebhookDelivery(copyOf(SEED_CONTENT_IMPORTED)), issuedAt),
    ...webhookToRecords(parseWebhookDelivery(copyOf(SEED_INTERVENTION_CLOSED)), issuedAt),
  ].map((record) => ({ producer: 'gateway' as const, message: ENGAGE_MESSAGE, record }));
  const commands = [
    toEmergencyCommand(
      { active: true, scope: [SOURCE], reason: 'outage', actor: 'ops' },
      { freshId: 'f1d5a1b2-0c3d-4e5f-8a9b-0c1d2e3f4a5b', issuedAt },
    ),
    toEmergencyCommand(
      { active: false, scope: 'all', reason: 'back', actor: 'ops' },
      { freshId: 'unused', idempotencyKey: 'key-1', issuedAt },
    ),
  ].map((command) => ({
    producer: 'gateway' as const,
    message: EMERGENCY_SWITCHED,
    record: OPS_COMMANDS.record(command),
  }));
  const typed = (producer: App, records: OutgoingRecord[]): RealRecord[] =>
    records.map((record) => ({
      producer,
      message: (JSON.parse(record.value) as { type: string }).type,
      record,
    }));
  const dlq = (producer: App, topic: string): RealRecord[] =>
    deadLetters(topic, producer).map((record) => ({ producer, message: DEAD_LETTER_MESSAGE, record }));
  return [
    ...gateway,
    ...commands,
    ...typed('bot-responder', botDecisionRecords()),
    ...typed('bot-responder', await botEffectFailedRecords()),
    ...typed('bot-responder', await botThreadReadRecords()),
    ...typed('bot-responder', await botAnswerRecords()),
    ...typed('handover', routingRecords()),
    ...typed('handover', await handoverEffectFailedRecords()),
    ...typed('handover', await sourceDefaultsRecords()),
    ...typed('handover', [
      HANDOVER_EVENTS.record(
        JSON.parse(JSON.stringify(emergency('emergency.activated').full)) as EmergencyEvent,
      ),
    ]),
    ...typed('availability-poller', availabilityRecords()),
    ...dlq('bot-responder', TOPICS.botResponderDlq.name),
    ...dlq('handover', TOPICS.handoverDlq.name),
  ];
}
