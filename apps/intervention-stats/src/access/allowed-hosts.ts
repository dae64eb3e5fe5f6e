import { registerDecorator } from 'class-validator';

/** A host name or [IPv6], optionally with a port; no port: any port. */
const ENTRY =
  /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:(\d{1,5}))?$/;

interface HostRule {
  name: string;
  port: string | undefined;
}

export function parseAllowedHosts(value: string): HostRule[] | undefined {
  const rules = value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .map((entry) => ENTRY.exec(entry));
  if (rules.length === 0 || rules.some((rule) => rule === null)) {
    return undefined;
  }
  return rules.map((rule) => ({ name: rule![1], port: rule![6] }));
}

/**
 * Whether a request's Host header names this app. A page of another site that DNS rebinding points
 * at our address still sends its own name as Host: refused here, it never reaches the API.
 */
export function isAllowedHost(rules: readonly HostRule[], host: string | undefined): boolean {
  const parts = ENTRY.exec((host ?? '').trim().toLowerCase());
  if (parts === null) {
    return false;
  }
  const [, name, , , , , port] = parts;
  return rules.some((rule) => rule.name === name && (rule.port === undefined || rule.port === port));
}

export function IsAllowedHosts(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isAllowedHosts',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseAllowedHosts(value) !== undefined,
        defaultMessage: (args) =>
          `${args?.property} must be host names or [IPv6] addresses, each with an optional :port, separated by commas`,
      },
    });
}
