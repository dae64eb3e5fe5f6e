import { type BotTurn } from '../bot-engine.port';

/** A first message on a new thread, as the reactor hands it to an engine. */
export function aTurn(overrides: Partial<BotTurn> = {}): BotTurn {
  return {
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
