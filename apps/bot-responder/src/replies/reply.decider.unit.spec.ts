import { emptyThread, type ThreadState } from '../conversation/thread-state';
import { type ContentFact } from './content-fact';
import { decideReply, type EmergencyView, type ReplyPolicy, skipReason } from './reply.decider';

const BOT = 'cat-bot';
const AGENT = 'cat-agent';
const POLICY: ReplyPolicy = {
  botCategoryId: BOT,
  openInterventionFirst: true,
  maxConsecutiveFallbacks: 2,
  defaultLanguage: 'fr',
};
const CALM: EmergencyView[] = [{ active: false, sourceIds: null }];
const NOW = new Date('2026-11-23T10:00:01.000Z');

function message(overrides: Partial<ContentFact> = {}): ContentFact {
  return {
    eventId: 'ev-1',
    issuedAt: '2026-11-23T10:00:00.000Z',
    contentId: 'c-1',
    threadId: 't-1',
    sourceId: 'src-1',
    body: 'Bonjour',
    creatorId: null,
    categoryIds: [BOT],
    interventionId: null,
    firstInThread: true,
    inReplyToId: null,
    language: null,
    ...overrides,
  };
}

function thread(overrides: Partial<ThreadState> = {}): ThreadState {
  return { ...emptyThread('t-1'), sourceId: 'src-1', categoryIds: [BOT], ...overrides };
}

describe('skipReason', () => {
  it('should answer a customer message on a BOT thread', () => {
    expect(skipReason(message(), thread(), CALM, false, POLICY)).toBeNull();
  });

  it('should not answer an agent or our own echo (creator_id set)', () => {
    expect(skipReason(message({ creatorId: 'user-1' }), thread(), CALM, false, POLICY)).toBe('not_customer');
  });

  it('should not answer on a thread categorized for agents', () => {
    expect(skipReason(message(), thread({ categoryIds: [AGENT] }), CALM, false, POLICY)).toBe(
      'not_bot_category',
    );
  });

  it('should stay silent during an emergency covering the source, and answer outside its scope', () => {
    const all = [{ active: true, sourceIds: null }];
    const thisSource = [{ active: true, sourceIds: ['src-1'] }];
    const otherSource = [{ active: true, sourceIds: ['src-2'] }];
    expect(skipReason(message(), thread(), all, false, POLICY)).toBe('emergency');
    expect(skipReason(message(), thread(), thisSource, false, POLICY)).toBe('emergency');
    expect(skipReason(message(), thread(), otherSource, false, POLICY)).toBeNull();
  });

  it('should stay silent for a message written during an emergency that has ended since', () => {
    const atMessageTime = { active: true, sourceIds: null };
    const now = { active: false, sourceIds: null };
    expect(skipReason(message(), thread(), [atMessageTime, now], false, POLICY)).toBe('emergency');
  });

  it('should not answer a message twice', () => {
    expect(skipReason(message(), thread(), CALM, true, POLICY)).toBe('already_answered');
  });

  it('should stay silent while a handover it asked for has not taken effect yet', () => {
    const pending = thread({ handoverRequestedAt: '2026-11-23T09:00:00.000Z' });
    expect(skipReason(message(), pending, CALM, false, POLICY)).toBe('handover_pending');
    const returned = thread({
      handoverRequestedAt: '2026-11-23T09:00:00.000Z',
      leftBotAt: '2026-11-23T09:05:00.000Z',
    });
    expect(skipReason(message(), returned, CALM, false, POLICY)).toBeNull();
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

  it('should open an intervention first, then reply in reply to the message', () => {
    const { event, effects } = decideReply(message(), thread(), reply, POLICY, NOW);

    expect(event).toMatchObject({ type: 'bot.replied', event_id: 'bot.replied:c-1', text: 'Bonjour !' });
    expect(effects.map((e) => [e.id, e.kind, e.sequenceKey])).toEqual([
      ['open-intervention:c-1', 'open_intervention', 't-1'],
      ['reply:c-1', 'post_reply', 't-1'],
    ]);
    expect(effects[1].payload).toEqual({ threadId: 't-1', inReplyToId: 'c-1', body: 'Bonjour !' });
  });

  it('should not open an intervention when the message already has one', () => {
    const { effects } = decideReply(message({ interventionId: 'i-1' }), thread(), reply, POLICY, NOW);
    expect(effects.map((e) => e.kind)).toEqual(['post_reply']);
  });

  it('should not open an intervention when disabled by configuration', () => {
    const policy = { ...POLICY, openInterventionFirst: false };
    expect(decideReply(message(), thread(), reply, policy, NOW).effects.map((e) => e.kind)).toEqual([
      'post_reply',
    ]);
  });

  it('should reply then close the intervention when the bot resolves the conversation', () => {
    const resolve = { kind: 'resolve', text: 'Au revoir', intent: 'thanks_goodbye', language: 'fr' } as const;
    const { event, effects } = decideReply(
      message({ interventionId: 'i-1' }),
      thread(),
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
    const { event, effects } = decideReply(message(), once, fallback, POLICY, NOW);
    expect(event).toMatchObject({ type: 'bot.handover_requested', reason: 'fallbacks', text: null });
    expect(event.type === 'bot.handover_requested' && event.transcript.map((l) => l.from)).toEqual([
      'customer',
      'bot',
    ]);
    expect(effects).toEqual([]);
  });

  it('should count a first fallback as a reply', () => {
    const fallback = {
      kind: 'reply',
      text: 'Pardon ?',
      intent: 'fallback',
      language: 'fr',
      fallback: true,
    } as const;
    expect(decideReply(message(), thread(), fallback, POLICY, NOW).event).toMatchObject({
      type: 'bot.replied',
      fallback: true,
    });
  });

  it('should hand over, not stay silent, when the bot engine fails', () => {
    const { event, effects } = decideReply(
      message(),
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
    const { event, effects } = decideReply(message(), thread(), explicit, POLICY, NOW);
    expect(event).toMatchObject({ type: 'bot.handover_requested', reason: 'explicit' });
    expect(effects.map((e) => e.kind)).toEqual(['open_intervention', 'post_reply']);
  });
});
