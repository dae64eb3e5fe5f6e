import { type BotEvent } from '@handover/contracts';
import { type ContentFact } from './content-fact';
import { customerMessage } from './testing/content-fact.fixture';
import {
  evolveWithContent,
  evolveWithIntervention,
  evolveWithMove,
  evolveWithRead,
} from './thread-facts.evolve';
import {
  emptyThread,
  evolveWithDecision,
  isHandoverPending,
  observedCategories,
  transcriptOf,
} from './thread-state';

const BOT = 'cat-bot';

function fact(issuedAt: string, overrides: Partial<ContentFact> = {}): ContentFact {
  return customerMessage({
    eventId: `ev-${issuedAt}`,
    issuedAt,
    contentId: `c-${issuedAt}`,
    body: `said at ${issuedAt}`,
    firstInThread: false,
    ...overrides,
  });
}

const replied = (occurredAt: string, fallback = false): BotEvent => ({
  type: 'bot.replied',
  event_id: `bot.replied:${occurredAt}`,
  thread_id: 't-1',
  content_id: `c-${occurredAt}`,
  source_id: 'src-1',
  occurred_at: occurredAt,
  language: 'fr',
  text: 'ok',
  intent: fallback ? 'fallback' : 'greeting',
  fallback,
});

describe('evolveWithContent', () => {
  it('should keep the newest categories when RCED delivers out of order', () => {
    const newest = evolveWithContent(
      emptyThread('t-1'),
      fact('2026-01-01T10:00:02Z', { categoryIds: ['agent'] }),
      BOT,
    );
    const late = evolveWithContent(newest, fact('2026-01-01T10:00:01Z', { categoryIds: [BOT] }), BOT);
    expect(late.categoryIds).toEqual(['agent']);
    expect(late.customerLines.map((l) => l.at)).toEqual(['2026-01-01T10:00:01Z', '2026-01-01T10:00:02Z']);
  });

  it('should know no categories from a message that came without them, until they are read', () => {
    const bare = evolveWithContent(
      emptyThread('t-1'),
      fact('2026-01-01T10:00:00Z', { categoryIds: null }),
      BOT,
    );
    expect(observedCategories(bare)).toBeNull();
    const read = evolveWithRead(bare, { categoryIds: [BOT], readAt: '2026-01-01T10:00:01Z' }, BOT);
    expect(observedCategories(read)?.categoryIds).toEqual([BOT]);
  });

  it('should read the categories again after a recategorization it was not told the result of', () => {
    const known = evolveWithContent(emptyThread('t-1'), fact('2026-01-01T10:00:00Z'), BOT);
    const recategorized = evolveWithIntervention(
      known,
      {
        type: 'intervention.recategorized',
        interventionId: 'i-1',
        userId: 'agent',
        sourceId: 'src-1',
        categoryIds: null,
        issuedAt: '2026-01-01T10:01:00Z',
      },
      BOT,
    );
    expect(observedCategories(recategorized)).toBeNull();
    expect(observedCategories(evolveWithMove(known, '2026-01-01T10:02:00Z'))).toBeNull();
  });

  it('should not put an agent or bot content in the customer lines', () => {
    const state = evolveWithContent(
      emptyThread('t-1'),
      fact('2026-01-01T10:00:00Z', { notCustomer: 'created_in_engage' }),
      BOT,
    );
    expect(state.customerLines).toEqual([]);
    expect(state.lastCustomerContentId).toBeNull();
  });
});

describe('evolveWithIntervention', () => {
  it('should forget the intervention when it is closed', () => {
    const opened = evolveWithIntervention(
      emptyThread('t-1'),
      {
        type: 'intervention.opened',
        interventionId: 'i-1',
        userId: 'bot-user',
        sourceId: 'src-1',
        categoryIds: null,
        issuedAt: '2026-01-01T10:00:00Z',
      },
      BOT,
    );
    expect(opened).toMatchObject({ interventionId: 'i-1', ownerUserId: 'bot-user' });
    const closed = evolveWithIntervention(
      opened,
      {
        ...{ type: 'intervention.closed' as const },
        interventionId: 'i-1',
        userId: null,
        sourceId: 'src-1',
        categoryIds: null,
        issuedAt: '2026-01-01T10:01:00Z',
      },
      BOT,
    );
    expect(closed).toMatchObject({ interventionId: null, ownerUserId: null });
  });
});

describe('evolveWithDecision', () => {
  it('should count consecutive fallbacks and reset them on an understood message', () => {
    const twice = evolveWithDecision(
      evolveWithDecision(emptyThread('t-1'), replied('a', true)),
      replied('b', true),
    );
    expect(twice.consecutiveFallbacks).toBe(2);
    expect(evolveWithDecision(twice, replied('c')).consecutiveFallbacks).toBe(0);
    expect(evolveWithDecision(twice, replied('c')).botTurns).toBe(3);
  });

  it('should reach the same handover state whichever topic is applied first (replay order)', () => {
    const handover: BotEvent = {
      type: 'bot.handover_requested',
      event_id: 'h',
      thread_id: 't-1',
      content_id: 'c-h',
      source_id: 'src-1',
      occurred_at: '2026-01-01T10:00:01Z',
      language: 'fr',
      reason: 'explicit',
      text: null,
      intent: null,
      transcript: [],
    };
    const movedToAgents = fact('2026-01-01T10:00:05Z', { categoryIds: ['agent'] });
    const liveOrder = evolveWithContent(evolveWithDecision(emptyThread('t-1'), handover), movedToAgents, BOT);
    const replayOrder = evolveWithDecision(
      evolveWithContent(emptyThread('t-1'), movedToAgents, BOT),
      handover,
    );
    expect(isHandoverPending(liveOrder)).toBe(false);
    expect(isHandoverPending(replayOrder)).toBe(false);
    expect(isHandoverPending(evolveWithDecision(emptyThread('t-1'), handover))).toBe(true);
  });

  it('should speak again once handover gives a waiting thread back, and not for a later request', () => {
    const waiting = evolveWithDecision(emptyThread('t-1'), {
      ...replied('2026-01-01T10:00:01.000Z'),
      type: 'bot.handover_requested',
      event_id: 'bot.handover_requested:c-1',
      reason: 'fallbacks',
      text: null,
      intent: null,
      transcript: [],
    });
    expect(isHandoverPending(waiting)).toBe(true);
    const returned = { ...waiting, returnedToBotAt: '2026-01-01T10:05:00.000Z' };
    expect(isHandoverPending(returned)).toBe(false);
    expect(isHandoverPending({ ...returned, handoverRequestedAt: '2026-01-01T10:06:00.000Z' })).toBe(true);
  });

  it('should give the agent both sides of the conversation in time order', () => {
    const customer = evolveWithContent(emptyThread('t-1'), fact('2026-01-01T10:00:00.000Z'), BOT);
    const answered = evolveWithDecision(customer, replied('2026-01-01T10:00:00.500Z'));
    expect(transcriptOf(answered).map((l) => l.from)).toEqual(['customer', 'bot']);
  });
});
