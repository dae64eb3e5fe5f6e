import { type EmergencyCoverage, NO_EMERGENCY } from '@handover/contracts';
import { emptyThread, type ThreadState } from '../projection/thread-state';
import {
  attachmentOnlyOutcome,
  failedAnswerOutcome,
  decideReply,
  type ReplyPolicy,
  type SkipContext,
  skipReason,
} from './reply.decider';
import { customerMessage } from '../projection/testing/content-fact.fixture';

const BOT = 'cat-bot';
const AGENT = 'cat-agent';
const BOT_USER = 'user-bot';
const POLICY: ReplyPolicy = {
  botCategoryId: BOT,
  agentCategoryId: AGENT,
  botUserId: BOT_USER,
  openInterventionFirst: true,
  maxConsecutiveFallbacks: 2,
  defaultLanguage: 'fr',
  attachmentNotices: { fr: 'Je ne lis que le texte.', en: 'I only read text.' },
  failurePolicy: 'handover',
  apologies: { fr: 'Désolé, un souci technique.' },
};
const NOW = new Date('2026-11-23T10:00:01.000Z');

function thread(overrides: Partial<ThreadState> = {}): ThreadState {
  return { ...emptyThread('t-1'), sourceId: 'src-1', categoryIds: [BOT], ...overrides };
}

function context(overrides: Partial<SkipContext> = {}): SkipContext {
  return {
    categoryIds: [BOT],
    emergencies: [NO_EMERGENCY],
    alreadyAnswered: false,
    ownIdentity: false,
    ...overrides,
  };
}

const coverage = (global: boolean, sourceIds: string[] = []): EmergencyCoverage => ({
  global,
  sourceIds: new Set(sourceIds),
});

describe('skipReason', () => {
  it('should answer a customer message on a BOT thread', () => {
    expect(skipReason(customerMessage(), thread(), context(), POLICY)).toBeNull();
  });

  it('should not answer what is not a customer message: a brand post, an agent, our own replies', () => {
    expect(skipReason(customerMessage({ notCustomer: 'brand_content' }), thread(), context(), POLICY)).toBe(
      'not_customer',
    );
    expect(
      skipReason(customerMessage({ notCustomer: 'created_in_engage' }), thread(), context(), POLICY),
    ).toBe('not_customer');
    expect(skipReason(customerMessage(), thread(), context({ ownIdentity: true }), POLICY)).toBe(
      'not_customer',
    );
  });

  it('should not answer on a thread categorized for agents', () => {
    expect(skipReason(customerMessage(), thread(), context({ categoryIds: [AGENT] }), POLICY)).toBe(
      'agent_category',
    );
    expect(skipReason(customerMessage(), thread(), context({ categoryIds: ['other'] }), POLICY)).toBe(
      'not_bot_category',
    );
  });

  it('should leave a thread holding both BOT and AGENT to the agents', () => {
    expect(skipReason(customerMessage(), thread(), context({ categoryIds: [BOT, AGENT] }), POLICY)).toBe(
      'agent_category',
    );
  });

  it('should answer a message with only an attachment, and not an empty one', () => {
    expect(
      skipReason(customerMessage({ body: '', hasAttachment: true }), thread(), context(), POLICY),
    ).toBeNull();
    expect(skipReason(customerMessage({ body: '  ' }), thread(), context(), POLICY)).toBe('empty_message');
  });

  it('should stay silent during an emergency covering the source, and answer outside its scope', () => {
    const during = (c: EmergencyCoverage): unknown =>
      skipReason(customerMessage(), thread(), context({ emergencies: [c] }), POLICY);
    expect(during(coverage(true))).toBe('emergency');
    expect(during(coverage(false, ['src-1']))).toBe('emergency');
    expect(during(coverage(false, ['src-2']))).toBeNull();
  });

  it('should stay silent for a message written during an emergency that has ended since', () => {
    const emergencies = [coverage(true), NO_EMERGENCY];
    expect(skipReason(customerMessage(), thread(), context({ emergencies }), POLICY)).toBe('emergency');
  });

  it('should not answer a message twice', () => {
    expect(skipReason(customerMessage(), thread(), context({ alreadyAnswered: true }), POLICY)).toBe(
      'already_answered',
    );
  });

  it('should stay silent while a handover it asked for has not taken effect yet', () => {
    const pending = thread({ handoverRequestedAt: '2026-11-23T09:00:00.000Z' });
    expect(skipReason(customerMessage(), pending, context(), POLICY)).toBe('handover_pending');
    const returned = thread({
      handoverRequestedAt: '2026-11-23T09:00:00.000Z',
      leftBotAt: '2026-11-23T09:05:00.000Z',
    });
    expect(skipReason(customerMessage(), returned, context(), POLICY)).toBeNull();
  });
});

describe('decideReply', () => {
  const reply = {
    kind: 'reply',
    text: 'Bonjour !',
    intent: 'greeting',
    language: 'fr',
    fallback: false,
  } as const;

  it('should open an intervention first, then reply to the message as privately as it was written', () => {
    const { event, effects } = decideReply(customerMessage(), thread(), reply, POLICY, NOW);

    expect(event).toMatchObject({ type: 'bot.replied', event_id: 'bot.replied:c-1', text: 'Bonjour !' });
    expect(effects.map((e) => [e.id, e.kind, e.sequenceKey])).toEqual([
      ['open-intervention:c-1', 'open_intervention', 't-1'],
      ['reply:c-1', 'post_reply', 't-1'],
    ]);
    expect(effects[1].payload).toEqual({
      threadId: 't-1',
      body: 'Bonjour !',
      target: customerMessage().replyTarget,
    });
  });

  it('should not open an intervention when the message is in one the bot holds', () => {
    const held = thread({ interventionId: 'i-1', ownerUserId: BOT_USER });
    const { effects } = decideReply(customerMessage({ interventionId: 'i-1' }), held, reply, POLICY, NOW);
    expect(effects.map((e) => e.kind)).toEqual(['post_reply']);
  });

  it("should take over an agent's intervention before replying in it (after a bot-first return)", () => {
    const agents = thread({ interventionId: 'i-1', ownerUserId: 'user-agent' });
    const { effects } = decideReply(customerMessage({ interventionId: 'i-1' }), agents, reply, POLICY, NOW);
    expect(effects.map((e) => e.kind)).toEqual(['open_intervention', 'post_reply']);
    expect(effects[0].payload).toEqual({ contentId: 'c-1', interventionId: 'i-1' });
  });

  it('should not open an intervention when disabled by configuration', () => {
    const policy = { ...POLICY, openInterventionFirst: false };
    expect(decideReply(customerMessage(), thread(), reply, policy, NOW).effects.map((e) => e.kind)).toEqual([
      'post_reply',
    ]);
  });

  it('should reply then close the intervention when the bot resolves the conversation', () => {
    const resolve = { kind: 'resolve', text: 'Au revoir', intent: 'thanks_goodbye', language: 'fr' } as const;
    const held = thread({ interventionId: 'i-1', ownerUserId: BOT_USER });
    const { event, effects } = decideReply(
      customerMessage({ interventionId: 'i-1' }),
      held,
      resolve,
      POLICY,
      NOW,
    );
    expect(event.type).toBe('bot.resolved');
    expect(effects.map((e) => e.kind)).toEqual(['post_reply', 'close_intervention']);
    expect(effects[1].payload).toEqual({ threadId: 't-1', replyEffectId: 'reply:c-1' });
  });

  it('should hand over after the configured number of consecutive fallbacks, with the transcript', () => {
    const fallback = {
      kind: 'reply',
      text: 'Pardon ?',
      intent: 'fallback',
      language: 'fr',
      fallback: true,
    } as const;
    const once = thread({
      consecutiveFallbacks: 1,
      customerLines: [{ at: '2026-11-23T09:59:00.000Z', from: 'customer', text: 'blabla' }],
      botLines: [{ at: '2026-11-23T09:59:01.000Z', from: 'bot', text: 'Pardon ?' }],
    });
    const { event, effects } = decideReply(customerMessage(), once, fallback, POLICY, NOW);
    expect(event).toMatchObject({ type: 'bot.handover_requested', reason: 'fallbacks', text: null });
    expect(event.type === 'bot.handover_requested' && event.transcript.map((l) => l.from)).toEqual([
      'customer',
      'bot',
    ]);
    expect(effects).toEqual([]);
  });

  it('should tell a customer who sent only an attachment that it reads text, then hand over if it goes on', () => {
    const picture = customerMessage({ body: '', hasAttachment: true, language: 'en' });
    const first = decideReply(picture, thread(), attachmentOnlyOutcome(picture, POLICY), POLICY, NOW);
    expect(first.event).toMatchObject({ type: 'bot.replied', text: 'I only read text.', fallback: true });
    const again = decideReply(
      picture,
      thread({ consecutiveFallbacks: 1 }),
      attachmentOnlyOutcome(picture, POLICY),
      POLICY,
      NOW,
    );
    expect(again.event).toMatchObject({ type: 'bot.handover_requested', reason: 'fallbacks' });
  });

  it('should hand over with bot_error when the bot cannot answer, or apologize then hand over if it goes on (BOT_FAILURE_POLICY)', () => {
    const message = customerMessage();
    const handover = decideReply(
      message,
      thread(),
      failedAnswerOutcome(message, POLICY, 'timeout'),
      POLICY,
      NOW,
    );
    const apology = { ...POLICY, failurePolicy: 'apology' as const };
    const first = decideReply(
      message,
      thread(),
      failedAnswerOutcome(message, apology, 'timeout'),
      apology,
      NOW,
    );
    const again = decideReply(
      message,
      thread({ consecutiveFallbacks: 1 }),
      failedAnswerOutcome(message, apology, 'timeout'),
      apology,
      NOW,
    );

    expect(handover.event).toMatchObject({ type: 'bot.handover_requested', reason: 'bot_error' });
    expect(first.event).toMatchObject({
      type: 'bot.replied',
      text: 'Désolé, un souci technique.',
      fallback: true,
    });
    expect(first.effects.map((effect) => effect.kind)).toEqual(['open_intervention', 'post_reply']);
    expect(again.event).toMatchObject({ type: 'bot.handover_requested', reason: 'fallbacks' });
  });

  it('should count a first fallback as a reply', () => {
    const fallback = {
      kind: 'reply',
      text: 'Pardon ?',
      intent: 'fallback',
      language: 'fr',
      fallback: true,
    } as const;
    expect(decideReply(customerMessage(), thread(), fallback, POLICY, NOW).event).toMatchObject({
      type: 'bot.replied',
      fallback: true,
    });
  });

  it('should hand over, not stay silent, when the bot engine fails', () => {
    const { event, effects } = decideReply(
      customerMessage(),
      thread(),
      { kind: 'error', message: 'timeout' },
      POLICY,
      NOW,
    );
    expect(event).toMatchObject({ type: 'bot.handover_requested', reason: 'bot_error', language: 'fr' });
    expect(effects).toEqual([]);
  });

  it('should post the bot handover text when a customer asks for a human', () => {
    const explicit = {
      kind: 'handover',
      text: 'Je vous mets en relation.',
      intent: 'human_request',
      language: 'fr',
      reason: 'explicit',
    } as const;
    const { event, effects } = decideReply(customerMessage(), thread(), explicit, POLICY, NOW);
    expect(event).toMatchObject({ type: 'bot.handover_requested', reason: 'explicit' });
    expect(effects.map((e) => e.kind)).toEqual(['open_intervention', 'post_reply']);
  });
});
