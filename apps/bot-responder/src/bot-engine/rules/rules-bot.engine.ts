import { type BotAnswer, type BotEngine, type BotTurn } from '../bot-engine.port';
import {
  FALLBACK_INTENT,
  HUMAN_REQUEST_INTENT,
  type RulesBotConfig,
  type RulesBotIntentKind,
} from './rules-bot.config';
import { type CompiledPattern, compilePattern, longestMatch, normalizeText } from './text-matcher.util';

interface CompiledRule {
  readonly name: string;
  readonly kind: RulesBotIntentKind;
  /** In the order of the configured languages. */
  readonly patterns: ReadonlyArray<readonly [language: string, patterns: readonly CompiledPattern[]]>;
  readonly answers: Readonly<Record<string, string>>;
}

interface RuleMatch {
  /** Word count of the longest pattern found. */
  readonly words: number;
  /** The first configured language whose patterns were found. */
  readonly language: string;
}

/**
 * Keyword bot driven by a validated rules file (loadRulesBotConfig). Pure: all work is in memory.
 *
 * Matching rule: an explicit request for a human wins over everything. Otherwise the intent whose
 * longest matched pattern has the most words wins, ties going to the intent listed first, so that
 * "bonjour, mon mot de passe ne marche plus" is about the password (3 words), not a greeting (1).
 */
export class RulesBotEngine implements BotEngine {
  readonly inProcess = true;
  private readonly languages: readonly string[];
  private readonly defaultLanguage: string;
  private readonly humanRequest: CompiledRule;
  private readonly intents: readonly CompiledRule[];
  private readonly fallbackAnswers: Readonly<Record<string, string>>;

  constructor(config: RulesBotConfig) {
    this.languages = [...config.languages];
    this.defaultLanguage = config.defaultLanguage;
    this.humanRequest = this.compile(HUMAN_REQUEST_INTENT, 'handover', config.humanRequest);
    this.intents = config.intents.map((intent) => this.compile(intent.name, intent.kind, intent));
    this.fallbackAnswers = { ...config.fallback.answers };
  }

  answer(turn: BotTurn): Promise<BotAnswer> {
    return Promise.resolve(this.decide(turn));
  }

  private decide(turn: BotTurn): BotAnswer {
    const text = normalizeText(turn.text);
    const given = turn.language !== null && this.languages.includes(turn.language) ? turn.language : null;

    const human = this.match(this.humanRequest, text);
    if (human) {
      const language = given ?? human.language;
      return {
        kind: 'handover',
        reason: 'explicit',
        intent: HUMAN_REQUEST_INTENT,
        text: this.humanRequest.answers[language],
        language,
      };
    }

    let best: { rule: CompiledRule; match: RuleMatch } | null = null;
    for (const rule of this.intents) {
      const match = this.match(rule, text);
      if (match && (!best || match.words > best.match.words)) {
        best = { rule, match };
      }
    }
    if (!best) {
      const language = given ?? this.defaultLanguage;
      return {
        kind: 'reply',
        fallback: true,
        intent: FALLBACK_INTENT,
        text: this.fallbackAnswers[language],
        language,
      };
    }

    const { rule, match } = best;
    const language = given ?? match.language;
    const answer = rule.answers[language];
    switch (rule.kind) {
      case 'reply':
        return { kind: 'reply', fallback: false, intent: rule.name, text: answer, language };
      case 'resolve':
        return { kind: 'resolve', intent: rule.name, text: answer, language };
      case 'handover':
        return { kind: 'handover', reason: 'intent', intent: rule.name, text: answer, language };
    }
  }

  private match(rule: CompiledRule, text: string): RuleMatch | null {
    let words = 0;
    let firstLanguage: string | null = null;
    for (const [language, patterns] of rule.patterns) {
      const found = longestMatch(text, patterns);
      if (found > 0) {
        words = Math.max(words, found);
        firstLanguage ??= language;
      }
    }
    return firstLanguage === null ? null : { words, language: firstLanguage };
  }

  private compile(
    name: string,
    kind: RulesBotIntentKind,
    source: { patterns: Record<string, string[]>; answers: Record<string, string> },
  ): CompiledRule {
    return {
      name,
      kind,
      patterns: this.languages.map(
        (language) => [language, (source.patterns[language] ?? []).map(compilePattern)] as const,
      ),
      answers: { ...source.answers },
    };
  }
}
