import { validationProblems } from '@handover/config';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'yaml';
import { Scenario, THREAD_OPENING_ACTIONS } from './scenario.dto';

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Parses a scenario (YAML or JSON, which is YAML too), or throws naming every bad field. */
export function parseScenario(text: string, origin: string): Scenario {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new ScenarioError(`${origin} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  const scenario = plainToInstance(Scenario, raw);
  const problems = validationProblems(validateSync(scenario));
  if (problems.length === 0) {
    problems.push(...firstMessagesWithoutSource(scenario));
  }
  if (typeof raw !== 'object' || raw === null || problems.length > 0) {
    throw new ScenarioError(`${origin} is not a valid scenario: ${problems.join('; ') || 'not an object'}`);
  }
  return scenario;
}

/** A customer's first message (or the welcome message before it) opens a thread: it must say on which source. */
function firstMessagesWithoutSource(scenario: Scenario): string[] {
  const seen = new Set<string>();
  return scenario.steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => THREAD_OPENING_ACTIONS.includes(step.action))
    .sort((a, b) => a.step.at_ms - b.step.at_ms)
    .flatMap(({ step, index }) => {
      const first = !seen.has(step.customer ?? '');
      seen.add(step.customer ?? '');
      return first && !step.source_id
        ? [`steps[${index}].source_id is required on ${step.customer}'s first message`]
        : [];
    });
}
