import { join } from 'node:path';
import { createBotEngine } from './bot-engine.factory';
import { aTurn } from './testing/bot-turn.fixture';

describe(createBotEngine.name, () => {
  it('should build a rules bot that answers from the rules file', async () => {
    const engine = createBotEngine({
      kind: 'rules',
      rulesFile: join(__dirname, '../../config/bot-rules.yaml'),
    });

    await expect(engine.answer(aTurn({ text: 'Bonjour' }))).resolves.toMatchObject({
      kind: 'reply',
      intent: 'greeting',
      language: 'fr',
    });
  });

  it('should refuse at startup a rules file that does not exist', () => {
    expect(() => createBotEngine({ kind: 'rules', rulesFile: '/nowhere/bot-rules.yaml' })).toThrow(
      '/nowhere/bot-rules.yaml',
    );
  });

  it('should refuse at startup a Rasa bot without a usable URL or timeout', () => {
    expect(() =>
      createBotEngine({ kind: 'rasa', url: 'not a url', timeoutMs: 1_000, defaultLanguage: 'fr' }),
    ).toThrow('http(s) URL');
    expect(() =>
      createBotEngine({
        kind: 'rasa',
        url: 'http://rasa:5005/webhooks/rest/webhook',
        timeoutMs: 0,
        defaultLanguage: 'fr',
      }),
    ).toThrow('timeout');
  });
});
