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
  const known = Object.fromEntries(
    Object.keys(new schema()).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const config = plainToInstance(schema, { ...new schema(), ...withoutUndefined(known) });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(errors.map(describe));
  }
  return Object.freeze(config);
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
