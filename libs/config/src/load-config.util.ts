import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { ConfigValidationError } from './config.exception';

type EnvSource = Record<string, string | undefined>;

/**
 * Parses the environment into a typed, frozen config object, once, at startup.
 * Every problem is reported at once with the variable's name and the rule it broke; the value is
 * never echoed, since some of these variables are secrets.
 */
export function loadConfig<T extends object>(schema: new () => T, env: EnvSource): Readonly<T> {
  const fileProblems: string[] = [];
  const known = Object.fromEntries(
    Object.keys(new schema()).map((name) => [name, valueOf(name, env, fileProblems)]),
  );
  const config = plainToInstance(schema, { ...new schema(), ...withoutUndefined(known) });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0 || fileProblems.length > 0) {
    throw new ConfigValidationError([...fileProblems, ...errors.map(describe)]);
  }
  return Object.freeze(config);
}

/**
 * A variable's value, or the content of the file `<NAME>_FILE` names (Docker and Kubernetes mount
 * secrets as files), without the line break a file ends with. Setting both is a mistake.
 */
function valueOf(name: string, env: EnvSource, problems: string[]): string | undefined {
  const value = env[name] === '' ? undefined : env[name];
  const file = env[`${name}_FILE`] === '' ? undefined : env[`${name}_FILE`];
  if (file === undefined) {
    return value;
  }
  if (value !== undefined) {
    problems.push(`${name}: set either ${name} or ${name}_FILE, not both`);
    return value;
  }
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    const { code } = error as { code?: unknown };
    problems.push(`${name}_FILE: cannot read ${file} (${typeof code === 'string' ? code : 'unreadable'})`);
    return undefined;
  }
}

function withoutUndefined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

function describe(error: ValidationError): string {
  const rules = Object.values(error.constraints ?? {}).map((message) => message.replace(/^\S+\s/, ''));
  return `${error.property}: ${rules.join(', ') || 'invalid'}`;
}
