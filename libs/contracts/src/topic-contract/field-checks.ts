import { isInstant } from '../values/instant';

/** Collects the problems of a JSON object's fields, each named: the checks every contract shares. */
export class FieldChecks {
  readonly problems: string[] = [];
  readonly fields: Readonly<Record<string, unknown>>;

  constructor(value: unknown) {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    this.fields = isObject ? (value as Record<string, unknown>) : {};
    if (!isObject) {
      this.problems.push('the value is not a JSON object');
    }
  }

  strings(...names: readonly string[]): this {
    for (const name of names) {
      this.check(name, typeof this.fields[name] === 'string', 'must be a string');
    }
    return this;
  }

  /** RFC 3339, the one rule for dates crossing our boundary (values/instant.ts). */
  instants(...names: readonly string[]): this {
    for (const name of names) {
      this.check(name, isInstant(this.fields[name]), 'must be an RFC 3339 date-time');
    }
    return this;
  }

  stringArray(name: string, options: { nullable?: boolean; optional?: boolean } = {}): this {
    const value = this.fields[name];
    const ok =
      (options.nullable === true && value === null) ||
      (options.optional === true && value === undefined) ||
      (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    return this.check(name, ok, `must be an array of strings${options.nullable === true ? ' or null' : ''}`);
  }

  array(name: string): this {
    return this.check(name, Array.isArray(this.fields[name]), 'must be an array');
  }

  boolean(name: string): this {
    return this.check(name, typeof this.fields[name] === 'boolean', 'must be a boolean');
  }

  count(name: string, options: { optional?: boolean } = {}): this {
    const value = this.fields[name];
    const ok =
      (options.optional === true && value === undefined) ||
      (Number.isInteger(value) && (value as number) >= 0);
    return this.check(name, ok, 'must be a non-negative integer');
  }

  oneOf(name: string, allowed: readonly string[]): this {
    return this.check(
      name,
      allowed.includes(this.fields[name] as string),
      `must be one of ${allowed.join(', ')}`,
    );
  }

  check(name: string, ok: boolean, rule: string): this {
    if (!ok && this.problems[0] !== 'the value is not a JSON object') {
      this.problems.push(`${name} ${rule}`);
    }
    return this;
  }
}
