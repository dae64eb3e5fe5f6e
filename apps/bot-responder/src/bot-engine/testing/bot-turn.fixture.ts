import { type BotTurn } from '../bot-engine.port';

/** A first message on a new thread, as the reactor hands it to an engine. */
export function aTurn(overrides: Partial<BotTurn> = {}): BotTurn {
  const text = overrides.text ?? 'Bonjour';
  const contentId = overrides.contentId ?? 'c';
  const sentAt = overrides.sentAt ?? '2026-12-06T09:00:00.000Z';
  return {
    turnId: `ask:${contentId}`,
    messages: [{ contentId, text, sentAt }],
    threadId: 't',
    contentId: 'c',
    text: 'Bonjour',
    language: null,
    sourceId: null,
    interventionId: null,
    sentAt: '2026-12-06T09:00:00.000Z',
    transcript: [],
    ...overrides,
  };
}
