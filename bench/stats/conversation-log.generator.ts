import {
  BOT_EVENTS_SCHEMA_VERSION,
  ENGAGE_EVENTS_SCHEMA_VERSION,
  HANDOVER_EVENTS_SCHEMA_VERSION,
  RECORD_HEADERS,
  TOPICS,
} from '../../libs/contracts/src';
import { seededRandom } from '../../test/support/seeded-random';

/** One record as the real producers write it: key = thread id, the event-type/event-id/schema-version headers. */
export interface LogRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export type Outcome = 'resolved_by_bot' | 'handed_over' | 'waiting' | 'with_bot';
export const OUTCOMES: readonly Outcome[] = ['resolved_by_bot', 'handed_over', 'waiting', 'with_bot'];

/** Conversations of one (UTC day, source, language) by outcome, as docs/metrics.md defines them. */
export type OutcomeCounts = Record<Outcome, number>;

/** A thread the bench asks GET /analytics/threads/:id about, with what it must answer. */
export interface SampledThread {
  readonly threadId: string;
  readonly events: number;
  readonly outcome: Outcome | null;
}

export const SOURCES = [
  { id: '5b3b6562d6cb00f93fe59c9f', type: 'chat', weight: 0.45 },
  { id: '5b3b6562d6cb00f93fe59ca0', type: 'chat', weight: 0.2 },
  { id: '5b3b6562d6cb00f93fe59ca1', type: 'email', weight: 0.2 },
  { id: '5b3b6562d6cb00f93fe59ca2', type: 'messenger', weight: 0.15 },
] as const;
export const LANGUAGES = ['fr', 'en'] as const;
export const DAY_MS = 86_400_000;

const DOMAIN_ID = '582af25a799fc247acfcde38';
const BOT_USER_ID = '5b8eaf1813047d298f94b07a';
const AGENT_IDS = ['5b8eaf1813047d298f94a001', '5b8eaf1813047d298f94a002', '5b8eaf1813047d298f94a003'];
const BOT_CATEGORY = '5bdcb766799fc227748fb001';
const AGENT_CATEGORY = '5bdcb766799fc227748fa001';

const CUSTOMER_LINES = {
  fr: [
    "Bonjour, j'ai oublié mon mot de passe et je ne peux plus me connecter.",
    'Où en est ma commande passée la semaine dernière ?',
    'Je voudrais modifier mon adresse de livraison.',
    'Comment résilier mon abonnement ?',
  ],
  en: [
    "Hi, I forgot my password and can't log in anymore.",
    'Where is the order I placed last week?',
    'I would like to change my delivery address.',
    'How do I cancel my subscription?',
  ],
} as const;
const BOT_LINES = {
  fr: 'Vous pouvez le faire depuis votre espace client, rubrique Mon compte. Puis-je vous aider autrement ?',
  en: 'You can do it from your customer area, under My account. Can I help you with anything else?',
} as const;
const THANKS = { fr: "Merci, c'est bon !", en: 'Thanks, that worked!' } as const;
const ASK_HUMAN = { fr: 'Je veux parler à un conseiller.', en: 'I want to talk to a human.' } as const;
const INTENTS = ['password_reset', 'order_status', 'change_address', 'cancel_subscription'] as const;

type Kind = 'resolved' | 'with_bot' | 'handed_over' | 'waiting' | 'waited_then_handed';
const KINDS: ReadonlyArray<{ kind: Kind; weight: number }> = [
  { kind: 'resolved', weight: 0.5 },
  { kind: 'with_bot', weight: 0.17 },
  { kind: 'handed_over', weight: 0.23 },
  { kind: 'waiting', weight: 0.05 },
  { kind: 'waited_then_handed', weight: 0.05 },
];

export interface ConversationLogOptions {
  /** Records to generate over the three topics, exactly. */
  readonly events: number;
  /** First UTC midnight of the window; threads start evenly over `days` days. */
  readonly from: Date;
  readonly days: number;
  readonly seed: number;
  /** Threads kept for GET /analytics/threads/:id. */
  readonly sampleSize: number;
}

/**
 * A month of realistic conversations as the gateway, bot-responder and handover would have logged
 * them: a customer message, the bot's intervention and reply, then resolution, a handover request,
 * a handover (sometimes after waiting for an agent), an agent's answer, closings and returns. Seeded,
 * so every run writes the same log; generated thread by thread (events of one thread in time order),
 * never held whole in memory. What the analytics must answer is counted on the way, from the very
 * records written, with the metric definitions of docs/metrics.md.
 */
export class ConversationLog {
  readonly threads: number;
  private readonly kinds: Kind[];
  private readonly random: () => number;
  /** Per `${UTC hour}|${source}|${language}` of the customer's first message. */
  readonly expected = new Map<string, OutcomeCounts>();
  readonly perTopic: Record<string, number> = {};
  readonly sampled: SampledThread[] = [];
  bytes = 0;

  constructor(private readonly options: ConversationLogOptions) {
    this.random = seededRandom(options.seed);
    // The kinds are drawn first, so the thread count (and each thread's start time) is known before
    // any record is written; the last thread is cut short to land on `events` exactly.
    this.kinds = [];
    let total = 0;
    while (total < options.events) {
      const kind = pick(KINDS, this.random()).kind;
      this.kinds.push(kind);
      total += EVENTS_OF[kind];
    }
    this.threads = this.kinds.length;
  }

  /** Threads one by one, as the records each one wrote. */
  *records(): Generator<LogRecord[]> {
    const sampleEvery = Math.max(1, Math.floor(this.threads / Math.max(1, this.options.sampleSize)));
    const spanMs = this.options.days * DAY_MS;
    let remaining = this.options.events;
    for (let index = 0; index < this.threads; index++) {
      const startMs = this.options.from.getTime() + ((index + this.random()) / this.threads) * spanMs;
      const script = new ThreadScript(index, startMs, this.random);
      const all = script.play(this.kinds[index]);
      if (all.length !== EVENTS_OF[this.kinds[index]]) {
        throw new Error(
          `a ${this.kinds[index]} thread wrote ${all.length} records, not ${EVENTS_OF[this.kinds[index]]}`,
        );
      }
      const records = all.slice(0, remaining);
      remaining -= records.length;
      this.account(script, records, all.length === records.length, index % sampleEvery === 0);
      yield records;
    }
  }

  private account(
    script: ThreadScript,
    records: readonly LogRecord[],
    complete: boolean,
    sample: boolean,
  ): void {
    const facts: ThreadFacts = { bot: false, handover: false, handedOver: false, resolved: false };
    for (const record of records) {
      this.perTopic[record.topic] = (this.perTopic[record.topic] ?? 0) + 1;
      this.bytes += Buffer.byteLength(record.value);
      const type = record.headers[RECORD_HEADERS.eventType];
      if (record.topic === TOPICS.botEvents.name) {
        facts.bot = true;
        facts.resolved ||= type === 'bot.resolved';
      } else if (record.topic === TOPICS.handoverEvents.name) {
        facts.handover = true;
        facts.handedOver ||= type === 'thread.handed_over';
        facts.route = ROUTE_EVENTS.has(type) ? type : facts.route;
      }
    }
    // Every thread opens with its customer's first message.
    const outcome = records.length > 0 ? outcomeOf(facts) : null;
    if (outcome !== null) {
      const cell = `${script.startedAt.slice(0, 13)}|${script.source.id}|${script.language}`;
      const counts = this.expected.get(cell) ?? emptyCounts();
      counts[outcome] += 1;
      this.expected.set(cell, counts);
    }
    if (sample && complete && records.length > 0) {
      this.sampled.push({ threadId: records[0].key, events: records.length, outcome });
    }
  }

  /** Conversations whose customer first wrote in [from, to) (whole UTC hours), for a source and language. */
  expectedOutcomes(filter: { from: Date; to: Date; sourceId?: string; language?: string }): OutcomeCounts {
    if (filter.from.getTime() % 3_600_000 !== 0 || filter.to.getTime() % 3_600_000 !== 0) {
      throw new Error('the log counts conversations per UTC hour: filter on whole hours');
    }
    const sum = emptyCounts();
    const fromHour = filter.from.toISOString().slice(0, 13);
    const toHour = filter.to.toISOString().slice(0, 13);
    for (const [cell, counts] of this.expected) {
      const [hour, source, language] = cell.split('|');
      if (
        hour >= fromHour &&
        hour < toHour &&
        (filter.sourceId === undefined || source === filter.sourceId) &&
        (filter.language === undefined || language === filter.language)
      ) {
        for (const outcome of OUTCOMES) {
          sum[outcome] += counts[outcome];
        }
      }
    }
    return sum;
  }
}

/** The events that set the thread's route (apps/intervention-stats ROUTE_AFTER). */
const ROUTE_EVENTS = new Set([
  'handover.queued',
  'thread.handed_over',
  'thread.returned_to_bot',
  'thread.closed',
]);

interface ThreadFacts {
  bot: boolean;
  handover: boolean;
  handedOver: boolean;
  resolved: boolean;
  route?: string;
}

/** docs/metrics.md: a conversation is a thread a customer wrote in and the bot or handover took part in. */
function outcomeOf(facts: ThreadFacts): Outcome | null {
  if (!facts.bot && !facts.handover) {
    return null;
  }
  if (facts.handedOver) {
    return 'handed_over';
  }
  if (facts.route === 'handover.queued') {
    return 'waiting';
  }
  return facts.resolved ? 'resolved_by_bot' : 'with_bot';
}

export function emptyCounts(): OutcomeCounts {
  return { resolved_by_bot: 0, handed_over: 0, waiting: 0, with_bot: 0 };
}

export function conversationsOf(counts: OutcomeCounts): number {
  return OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0);
}

/** Records per kind of thread (ThreadScript.play writes exactly these many). */
const EVENTS_OF: Record<Kind, number> = {
  resolved: 7,
  with_bot: 4,
  handed_over: 11,
  waiting: 5,
  waited_then_handed: 9,
};

/** Writes one thread's records in time order; ids are deterministic per thread. */
class ThreadScript {
  readonly startedAt: string;
  readonly source: (typeof SOURCES)[number];
  readonly language: (typeof LANGUAGES)[number];
  private readonly threadId: string;
  private readonly interventionId: string;
  private readonly intent: string;
  private readonly out: LogRecord[] = [];
  private sequence = 0;
  private lastCustomerContent = '';

  constructor(
    private readonly index: number,
    private at: number,
    private readonly random: () => number,
  ) {
    this.startedAt = new Date(at).toISOString();
    this.threadId = this.id('a');
    this.interventionId = this.id('b');
    this.source = pick(SOURCES, random());
    this.language = random() < 0.6 ? 'fr' : 'en';
    this.intent = INTENTS[Math.floor(random() * INTENTS.length)];
  }

  play(kind: Kind): LogRecord[] {
    const line = CUSTOMER_LINES[this.language][Math.floor(this.random() * 4)];
    this.customer(line, true);
    this.wait(800);
    this.intervention('intervention.opened', BOT_USER_ID);
    switch (kind) {
      case 'resolved':
        this.botReply(false);
        this.wait(30_000 + this.random() * 60_000);
        this.customer(THANKS[this.language], false);
        this.wait(900);
        this.bot('bot.resolved', { text: BOT_LINES[this.language], intent: this.intent });
        this.wait(60_000);
        this.intervention('intervention.closed', BOT_USER_ID);
        break;
      case 'with_bot':
        this.botReply(this.random() < 0.3);
        break;
      case 'handed_over':
        this.botReply(true);
        this.wait(20_000 + this.random() * 40_000);
        this.customer(ASK_HUMAN[this.language], false);
        this.requestHandover(this.random() < 0.7 ? 'explicit' : 'fallbacks');
        this.handOver('bot_request', null);
        this.wait(60_000 + this.random() * 600_000);
        this.agentReply();
        this.wait(120_000);
        this.intervention('intervention.closed', AGENT_IDS[this.index % AGENT_IDS.length]);
        this.routing('thread.returned_to_bot', {
          trigger: 'intervention_closed',
          category_ids: [BOT_CATEGORY],
        });
        break;
      case 'waiting':
        this.wait(1_000);
        this.requestHandover('explicit');
        this.routing('handover.queued', { reason: 'explicit', language: this.language });
        break;
      case 'waited_then_handed': {
        this.wait(1_000);
        this.requestHandover('intent');
        this.routing('handover.queued', { reason: 'intent', language: this.language });
        const waited = Math.round(30_000 + this.random() * 900_000);
        this.wait(waited);
        this.handOver('availability', waited);
        this.agentReply();
        this.wait(300_000);
        this.intervention('intervention.closed', AGENT_IDS[this.index % AGENT_IDS.length]);
        this.routing('thread.closed', { intervention_id: this.interventionId });
        break;
      }
    }
    return this.out;
  }

  private botReply(fallback: boolean): void {
    this.wait(400 + this.random() * 1_500);
    const text = BOT_LINES[this.language];
    this.bot('bot.replied', { text, intent: fallback ? 'fallback' : this.intent, fallback });
    this.wait(300);
    this.content(text, BOT_USER_ID);
  }

  private requestHandover(reason: 'explicit' | 'fallbacks' | 'intent'): void {
    this.wait(700);
    const transcript = [
      {
        at: new Date(this.at - 60_000).toISOString(),
        from: 'customer',
        text: CUSTOMER_LINES[this.language][0],
      },
      { at: new Date(this.at - 58_000).toISOString(), from: 'bot', text: BOT_LINES[this.language] },
    ];
    const botEventId = this.bot('bot.handover_requested', {
      reason,
      text: null,
      intent: reason === 'intent' ? this.intent : null,
      transcript,
      category_ids: [BOT_CATEGORY],
      categories_at: new Date(this.at - 1_000).toISOString(),
      intervention_id: this.interventionId,
    });
    this.wait(150);
    this.routing(
      'handover.requested',
      {
        reason,
        content_id: this.lastCustomerContent,
        language: this.language,
        intervention_id: this.interventionId,
        transcript,
      },
      botEventId,
    );
  }

  private handOver(trigger: 'bot_request' | 'availability', waitedMs: number | null): void {
    this.wait(250);
    this.routing('thread.handed_over', {
      trigger,
      reason: 'explicit',
      category_ids: [AGENT_CATEGORY],
      private_note: true,
      waited_ms: waitedMs,
    });
  }

  private agentReply(): void {
    this.content(
      this.language === 'fr' ? 'Bonjour, je regarde votre dossier.' : 'Hello, let me look at your account.',
      AGENT_IDS[this.index % AGENT_IDS.length],
    );
  }

  private customer(body: string, first: boolean): void {
    this.lastCustomerContent = this.content(body, null, first);
  }

  /** engage.events.v1 content.imported, shaped as the platform sends it (test/fixtures). */
  private content(body: string, creatorId: string | null, first = false): string {
    const contentId = this.id('c');
    this.engage(
      'content.imported',
      {
        type: `${this.source.type}/message`,
        id: contentId,
        metadata: {
          approval_required: false,
          author_id: creatorId ?? this.id('d', 0),
          body,
          body_input_format: 'text',
          category_ids: [creatorId === null || creatorId === BOT_USER_ID ? BOT_CATEGORY : AGENT_CATEGORY],
          created_from: creatorId ? 'api' : 'synchronizer',
          creator_id: creatorId,
          date: new Date(this.at).toISOString().slice(0, 10),
          first_in_thread: first,
          has_attachment: false,
          in_reply_to_id: creatorId ? this.lastCustomerContent || null : null,
          intervention_id: creatorId ? this.interventionId : null,
          language: this.language,
          private: false,
          source_id: this.source.id,
          status: creatorId ? 'replied' : 'new',
          thread_id: this.threadId,
          thread_title: CUSTOMER_LINES[this.language][0].slice(0, 30),
        },
      },
      creatorId,
    );
    return contentId;
  }

  private intervention(type: 'intervention.opened' | 'intervention.closed', userId: string): void {
    this.engage(
      type,
      {
        type: 'intervention',
        id: this.interventionId,
        metadata: {
          source_id: this.source.id,
          thread_id: this.threadId,
          user_id: userId,
          identity_id: this.id('d', 0),
          category_ids: [userId === BOT_USER_ID ? BOT_CATEGORY : AGENT_CATEGORY],
          closed_at: type === 'intervention.closed' ? new Date(this.at).toISOString() : null,
          deferred_at: null,
          custom_field_values: {},
        },
      },
      userId,
    );
  }

  private engage(type: string, resource: Record<string, unknown>, userId: string | null): void {
    const eventId = this.id('e');
    const issuedAt = new Date(this.at).toISOString();
    this.out.push({
      topic: TOPICS.engageEvents.name,
      key: this.threadId,
      value: JSON.stringify({
        type,
        id: eventId,
        issued_at: issuedAt,
        ...(userId ? { user_id: userId } : {}),
        resource,
        envelope_id: this.id('f'),
        domain_id: DOMAIN_ID,
      }),
      headers: {
        [RECORD_HEADERS.eventType]: type,
        [RECORD_HEADERS.eventId]: eventId,
        [RECORD_HEADERS.schemaVersion]: ENGAGE_EVENTS_SCHEMA_VERSION,
        [RECORD_HEADERS.receivedAt]: new Date(this.at + 40).toISOString(),
      },
    });
    this.wait(50);
  }

  /** bot.events.v1, as apps/bot-responder/src/replies/bot-event.record.ts writes them. */
  private bot(type: string, fields: Record<string, unknown>): string {
    const eventId = `${type}:${this.lastCustomerContent}`;
    this.out.push({
      topic: TOPICS.botEvents.name,
      key: this.threadId,
      value: JSON.stringify({
        type,
        event_id: eventId,
        thread_id: this.threadId,
        content_id: this.lastCustomerContent,
        source_id: this.source.id,
        occurred_at: new Date(this.at).toISOString(),
        language: this.language,
        ...fields,
      }),
      headers: {
        [RECORD_HEADERS.eventType]: type,
        [RECORD_HEADERS.eventId]: eventId,
        [RECORD_HEADERS.schemaVersion]: BOT_EVENTS_SCHEMA_VERSION,
      },
    });
    this.wait(50);
    return eventId;
  }

  /** handover.events.v1, as apps/handover/src/handover/handover-event.record.ts writes them. */
  private routing(type: string, fields: Record<string, unknown>, causationId = this.id('g')): void {
    const eventId = `${type}:${this.threadId}:${causationId}`;
    this.out.push({
      topic: TOPICS.handoverEvents.name,
      key: this.threadId,
      value: JSON.stringify({
        type,
        event_id: eventId,
        thread_id: this.threadId,
        source_id: this.source.id,
        occurred_at: new Date(this.at).toISOString(),
        causation_id: causationId,
        ...fields,
      }),
      headers: {
        [RECORD_HEADERS.eventType]: type,
        [RECORD_HEADERS.eventId]: eventId,
        [RECORD_HEADERS.schemaVersion]: HANDOVER_EVENTS_SCHEMA_VERSION,
      },
    });
    this.wait(50);
  }

  private wait(ms: number): void {
    this.at += Math.round(ms);
  }

  /** 24 hex like RCED's ids: a kind letter, the thread index, a per-thread sequence number. */
  private id(kind: string, sequence = ++this.sequence): string {
    return `${kind}${this.index.toString(16).padStart(15, '0')}${sequence.toString(16).padStart(8, '0')}`;
  }
}

function pick<T extends { weight: number }>(choices: readonly T[], draw: number): T {
  let left = draw;
  for (const choice of choices) {
    left -= choice.weight;
    if (left < 0) {
      return choice;
    }
  }
  return choices[choices.length - 1];
}
