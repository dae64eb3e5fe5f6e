import 'reflect-metadata';
import { validationProblems } from '@handover/config';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const INTENT_KINDS = ['reply', 'resolve', 'handover'] as const;
export type RulesBotIntentKind = (typeof INTENT_KINDS)[number];

/** Intent names the engine itself reports: a configured intent must not be mistaken for them. */
export const HUMAN_REQUEST_INTENT = 'human_request';
export const FALLBACK_INTENT = 'fallback';

/** Keyed by language code. Checked by languageProblems(): the keys are the configured languages. */
type PerLanguage<T> = Record<string, T>;

export class RulesBotHumanRequestConfig {
  @IsObject()
  patterns!: PerLanguage<string[]>;

  @IsObject()
  answers!: PerLanguage<string>;
}

export class RulesBotFallbackConfig {
  @IsObject()
  answers!: PerLanguage<string>;
}

export class RulesBotIntentConfig {
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*$/, { message: '$property must be snake_case ($value given)' })
  name!: string;

  @IsIn(INTENT_KINDS)
  kind: RulesBotIntentKind = 'reply';

  @IsObject()
  patterns!: PerLanguage<string[]>;

  @IsObject()
  answers!: PerLanguage<string>;
}

export class RulesBotConfig {
  @IsString()
  @IsNotEmpty()
  defaultLanguage!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  languages!: string[];

  @IsDefined()
  @ValidateNested()
  @Type(() => RulesBotHumanRequestConfig)
  humanRequest!: RulesBotHumanRequestConfig;

  @IsDefined()
  @ValidateNested()
  @Type(() => RulesBotFallbackConfig)
  fallback!: RulesBotFallbackConfig;

  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => RulesBotIntentConfig)
  intents!: RulesBotIntentConfig[];
}

/** Reads, parses and validates the rules file; throws one Error naming the file and every bad field. */
export function loadRulesBotConfig(path: string): RulesBotConfig {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the bot rules file ${path}: ${(error as Error).message}`);
  }
  let plain: unknown;
  try {
    plain = parse(source);
  } catch (error) {
    throw new Error(`The bot rules file ${path} is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new Error(`The bot rules file ${path} must hold a YAML mapping (defaultLanguage, languages, …)`);
  }
  const config = plainToInstance(RulesBotConfig, plain);
  const structural = validationProblems(
    validateSync(config, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
  );
  const problems = structural.length > 0 ? structural : languageProblems(config);
  if (problems.length > 0) {
    throw new Error(`Invalid bot rules file ${path}:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

/** The per-language maps, which class-validator cannot describe: their keys are the configured languages. */
function languageProblems(config: RulesBotConfig): string[] {
  const { languages } = config;
  const problems: string[] = [];
  if (!languages.includes(config.defaultLanguage)) {
    problems.push(`defaultLanguage must be one of the languages (${languages.join(', ')})`);
  }
  problems.push(
    ...patternProblems('humanRequest.patterns', config.humanRequest.patterns, languages),
    ...answerProblems('humanRequest.answers', config.humanRequest.answers, languages),
    ...answerProblems('fallback.answers', config.fallback.answers, languages),
  );
  const seen = new Set<string>([HUMAN_REQUEST_INTENT, FALLBACK_INTENT]);
  config.intents.forEach((intent, index) => {
    const path = `intents[${index}]`;
    if (seen.has(intent.name)) {
      problems.push(`${path}.name "${intent.name}" is reserved or already used by another intent`);
    }
    seen.add(intent.name);
    problems.push(
      ...patternProblems(`${path}.patterns`, intent.patterns, languages),
      ...answerProblems(`${path}.answers`, intent.answers, languages),
    );
  });
  return problems;
}

function answerProblems(path: string, answers: PerLanguage<unknown>, languages: readonly string[]): string[] {
  const problems = unknownLanguages(path, answers, languages);
  for (const language of languages) {
    const answer = answers[language];
    if (typeof answer !== 'string') {
      problems.push(`${path}.${language} must be a string`);
    } else if (answer.trim() === '') {
      problems.push(`${path}.${language} should not be empty`);
    }
  }
  return problems;
}

/** A language may have no pattern at all, but the map must hold at least one somewhere. */
function patternProblems(
  path: string,
  patterns: PerLanguage<unknown>,
  languages: readonly string[],
): string[] {
  const problems = unknownLanguages(path, patterns, languages);
  let count = 0;
  for (const language of languages) {
    const list = patterns[language];
    if (list === undefined) {
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push(`${path}.${language} must be an array`);
      continue;
    }
    list.forEach((pattern: unknown, index) => {
      // A pattern without a letter or digit normalises to nothing and would match every message.
      if (typeof pattern !== 'string' || !/[\p{L}\p{N}]/u.test(pattern)) {
        problems.push(`${path}.${language}[${index}] must be a string holding a letter or digit`);
      }
    });
    count += list.length;
  }
  if (count === 0) {
    problems.push(`${path} must hold at least one pattern`);
  }
  return problems;
}

function unknownLanguages(path: string, map: PerLanguage<unknown>, languages: readonly string[]): string[] {
  return Object.keys(map)
    .filter((language) => !languages.includes(language))
    .map((language) => `${path}.${language} is not one of the languages (${languages.join(', ')})`);
}
