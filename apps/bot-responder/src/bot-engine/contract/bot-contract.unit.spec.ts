import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BotEngineError } from '../bot-engine.exception';
import { asPlainText, parseBotAnswer, turnProblems } from './bot-contract';

// docs/bot-contract.md is what a team reads to plug its bot in: its examples must hold.
const doc = readFileSync(join(__dirname, '../../../../../docs/bot-contract.md'), 'utf8');
const examples = (tag: string): unknown[] =>
  [...doc.matchAll(new RegExp('```json ' + tag + '\\n([\\s\\S]*?)```', 'g'))].map(
    (match) => JSON.parse(match[1]) as unknown,
  );

describe('bot contract v1', () => {
  it("should hold for the documentation's examples of turns and answers", () => {
    const turns = examples('turn');
    const answers = examples('answer');

    expect(turns).toHaveLength(1);
    expect(answers).toHaveLength(3);
    expect(turns.map(turnProblems)).toEqual([[]]);
    expect(answers.map((answer) => parseBotAnswer(answer))).toEqual(answers);
  });

  it('should refuse an answer that breaks the contract, naming the fields and not the text', () => {
    const secret = 'card 4111 1111 1111 1111';
    const refusals = [
      { messages: [{ type: 'text' }] },
      { messages: [{ type: 'video', text: secret }] },
      { messages: [{ type: 'text', text: secret }], handover: { reason: 'x' }, resolve: true },
      { messages: [{ type: 'image', url: `http://example.com/${secret}` }] },
      { messages: Array.from({ length: 6 }, () => ({ type: 'text', text: secret })) },
      { messages: [], resolve: true },
      { messages: [] },
      { text: secret },
      'just text',
    ].map((answer) => {
      try {
        parseBotAnswer(answer);
        return 'accepted';
      } catch (error) {
        return error instanceof BotEngineError ? `${error.code}: ${error.message}` : String(error);
      }
    });

    expect(refusals.every((refusal) => refusal.startsWith('invalid_answer: '))).toBe(true);
    expect(refusals.some((refusal) => refusal.includes('4111'))).toBe(false);
    expect(refusals[0]).toContain("/messages/0 must have required property 'text'");
    expect(refusals[4]).toContain('/messages must NOT have more than 5 items');
  });

  it('should flatten rich messages to plain text as documented', () => {
    expect(
      asPlainText({
        type: 'quick_replies',
        text: 'Que souhaitez-vous faire ?',
        replies: [{ title: 'Suivre mon colis', payload: 'track' }, { title: 'Parler à un conseiller' }],
      }),
    ).toBe('Que souhaitez-vous faire ?\n1. Suivre mon colis\n2. Parler à un conseiller');
    expect(asPlainText({ type: 'image', url: 'https://example.com/a.png', alt: 'Plan' })).toBe(
      'Plan: https://example.com/a.png',
    );
    expect(asPlainText({ type: 'image', url: 'https://example.com/a.png' })).toBe(
      'https://example.com/a.png',
    );
  });
});
