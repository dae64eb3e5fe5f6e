import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRulesBotConfig } from './rules-bot.config';
import { RulesBotEngine } from './rules-bot.engine';
import { aTurn } from '../testing/bot-turn.fixture';

const DEFAULT_RULES = join(__dirname, '../../../config/bot-rules.yaml');

const VALID = `
defaultLanguage: fr
languages: [fr, en]
humanRequest:
  patterns: { fr: [conseiller], en: [agent] }
  answers: { fr: Un conseiller arrive., en: An agent is coming. }
fallback:
  answers: { fr: Pardon ?, en: Sorry? }
intents:
  - name: greeting
    patterns: { fr: [bonjour], en: [hello] }
    answers: { fr: Bonjour !, en: Hello! }
`;

describe('loadRulesBotConfig', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bot-rules-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  function refusal(path: string): string {
    try {
      loadRulesBotConfig(path);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(path);
      return message;
    }
    throw new Error('expected the rules file to be refused');
  }

  describe('the default rules file', () => {
    const config = loadRulesBotConfig(DEFAULT_RULES);
    const engine = new RulesBotEngine(config);

    it('should be French first, with English', () => {
      expect(config.defaultLanguage).toBe('fr');
      expect(config.languages).toEqual(['fr', 'en']);
    });

    it.each(config.intents.flatMap((intent) => config.languages.map((language) => [intent.name, language])))(
      'should answer intent %s in %s when the customer writes one of its patterns',
      async (name, language) => {
        const intent = config.intents.find((candidate) => candidate.name === name)!;
        for (const pattern of intent.patterns[language] ?? []) {
          const answer = await engine.answer(aTurn({ text: pattern, language }));

          expect({ pattern, intent: answer.intent, text: answer.text, language: answer.language }).toEqual({
            pattern,
            intent: name,
            text: intent.answers[language],
            language,
          });
        }
      },
    );
  });

  it('should default an intent kind to reply', () => {
    expect(loadRulesBotConfig(write('valid.yaml', VALID)).intents[0].kind).toBe('reply');
  });

  it('should name the file and the field when an intent lacks an answer in a language', () => {
    const path = write(
      'missing-answer.yaml',
      VALID.replace('answers: { fr: Bonjour !, en: Hello! }', 'answers: { fr: Bonjour ! }'),
    );

    expect(refusal(path)).toContain('intents[0].answers.en must be a string');
  });

  it('should refuse an unknown intent kind', () => {
    const path = write(
      'bad-kind.yaml',
      VALID.replace('  - name: greeting', '  - name: greeting\n    kind: escalate'),
    );

    expect(refusal(path)).toContain(
      'intents[0].kind must be one of the following values: reply, resolve, handover',
    );
  });

  it('should list every bad field at once, by its path', () => {
    const path = write(
      'many-problems.yaml',
      VALID.replace(
        'answers: { fr: Pardon ?, en: Sorry? }',
        'answers: { fr: Pardon ?, en: 42, de: Wie bitte? }',
      )
        .replace('defaultLanguage: fr', 'defaultLanguage: es')
        .replace('patterns: { fr: [bonjour], en: [hello] }', 'patterns: { fr: ["!!"], en: hello }'),
    );

    const message = refusal(path);

    expect(message).toContain('defaultLanguage must be one of the languages (fr, en)');
    expect(message).toContain('fallback.answers.en must be a string');
    expect(message).toContain('fallback.answers.de is not one of the languages (fr, en)');
    expect(message).toContain('intents[0].patterns.fr[0] must be a string holding a letter or digit');
    expect(message).toContain('intents[0].patterns.en must be an array');
  });

  it('should refuse a misspelt field and a missing section', () => {
    const path = write(
      'typo.yaml',
      VALID.replace('fallback:\n  answers: { fr: Pardon ?, en: Sorry? }\n', 'fallbak: {}\n'),
    );

    const message = refusal(path);

    expect(message).toContain('fallbak should not exist');
    expect(message).toContain('fallback should not be null or undefined');
  });

  it('should refuse an intent named like the built-in ones', () => {
    const path = write('reserved.yaml', VALID.replace('name: greeting', 'name: fallback'));

    expect(refusal(path)).toContain('intents[0].name "fallback" is reserved');
  });

  it('should name the file when it is not YAML or cannot be read', () => {
    expect(refusal(write('broken.yaml', 'intents: [unclosed'))).toContain('not valid YAML');
    expect(refusal(join(dir, 'absent.yaml'))).toContain('Cannot read');
  });
});
