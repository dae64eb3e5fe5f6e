import { join } from 'node:path';
import { type BotTurn } from '../bot-engine.port';
import { loadRulesBotConfig } from './rules-bot.config';
import { RulesBotEngine } from './rules-bot.engine';
import { aTurn } from '../testing/bot-turn.fixture';

const config = loadRulesBotConfig(join(__dirname, '../../../config/bot-rules.yaml'));
const answers = (intent: string) => config.intents.find((candidate) => candidate.name === intent)!.answers;

describe(RulesBotEngine.name, () => {
  const engine = new RulesBotEngine(config);
  const turn = (text: string, language: string | null = null): BotTurn =>
    aTurn({ threadId: 'thread-1', contentId: 'content-1', text, language });

  describe('answer', () => {
    it.each([['Bonjour !'], ["bonjour, j'ai une question"], ['SALUT']])(
      'should greet in French when the customer writes %p',
      async (text) => {
        await expect(engine.answer(turn(text))).resolves.toEqual({
          kind: 'reply',
          fallback: false,
          intent: 'greeting',
          text: answers('greeting').fr,
          language: 'fr',
        });
      },
    );

    it('should greet in English when the customer writes in English', async () => {
      await expect(engine.answer(turn('Hi there!'))).resolves.toMatchObject({
        kind: 'reply',
        intent: 'greeting',
        text: answers('greeting').en,
        language: 'en',
      });
    });

    it('should hand over in French when the customer asks for an advisor', async () => {
      await expect(engine.answer(turn('Je veux parler à un conseiller'))).resolves.toEqual({
        kind: 'handover',
        reason: 'explicit',
        intent: 'human_request',
        text: config.humanRequest.answers.fr,
        language: 'fr',
      });
    });

    it.each([['Can I talk to a real person?'], ['representative please']])(
      'should hand over in English when the customer writes %p',
      async (text) => {
        await expect(engine.answer(turn(text))).resolves.toMatchObject({
          kind: 'handover',
          reason: 'explicit',
          text: config.humanRequest.answers.en,
          language: 'en',
        });
      },
    );

    it('should hand over when a request for a human comes with a known question', async () => {
      const answer = await engine.answer(turn("Bonjour, ma commande n'est pas arrivée, je veux un humain"));

      expect(answer).toMatchObject({ kind: 'handover', reason: 'explicit', intent: 'human_request' });
    });

    it('should answer the most specific intent when a greeting comes with a question', async () => {
      const answer = await engine.answer(turn('Bonjour, je ne retrouve plus mon mot de passe'));

      expect(answer).toMatchObject({
        kind: 'reply',
        intent: 'password_reset',
        text: answers('password_reset').fr,
      });
    });

    it.each([['Merci, au revoir'], ["c'est tout"], ['Thanks, bye!']])(
      'should resolve the thread when the customer writes %p',
      async (text) => {
        await expect(engine.answer(turn(text))).resolves.toMatchObject({
          kind: 'resolve',
          intent: 'thanks_goodbye',
        });
      },
    );

    it('should say goodbye in the language the customer used', async () => {
      const answer = await engine.answer(turn('Thank you, that is all'));

      expect(answer).toEqual({
        kind: 'resolve',
        intent: 'thanks_goodbye',
        text: answers('thanks_goodbye').en,
        language: 'en',
      });
    });

    it('should hand over with the billing answer when the customer disputes a bill', async () => {
      await expect(engine.answer(turn("J'ai été débité deux fois !"))).resolves.toEqual({
        kind: 'handover',
        reason: 'intent',
        intent: 'billing',
        text: answers('billing').fr,
        language: 'fr',
      });
    });

    it('should answer the French fallback when nothing matches and no language is known', async () => {
      await expect(engine.answer(turn('Le chat est sur le toit'))).resolves.toEqual({
        kind: 'reply',
        fallback: true,
        intent: 'fallback',
        text: config.fallback.answers.fr,
        language: 'fr',
      });
    });

    it('should answer the fallback in the language of the thread when nothing matches', async () => {
      await expect(engine.answer(turn('The cat is on the roof', 'en'))).resolves.toMatchObject({
        fallback: true,
        text: config.fallback.answers.en,
        language: 'en',
      });
    });

    it.each([['Je cherche la version magenta'], ['Quel chiffre ?']])(
      'should not take a word that merely contains a pattern for that pattern when the customer writes %p',
      async (text) => {
        await expect(engine.answer(turn(text))).resolves.toMatchObject({ kind: 'reply', fallback: true });
      },
    );

    it('should answer in the language the platform gave even when the words are in another', async () => {
      await expect(engine.answer(turn('Hello', 'fr'))).resolves.toMatchObject({
        intent: 'greeting',
        text: answers('greeting').fr,
        language: 'fr',
      });
    });

    it('should guess the language when the platform gave one that is not configured', async () => {
      await expect(engine.answer(turn('Where is my order?', 'de'))).resolves.toMatchObject({
        intent: 'order_status',
        text: answers('order_status').en,
        language: 'en',
      });
    });
  });
});
