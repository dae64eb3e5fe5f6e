import { isISO8601 } from 'class-validator';
import { type EngageEvent } from './engage-event';

/**
 * The same rules as the `EngageEvent` class (type, id, issued_at, resource with type, id and
 * metadata), checked by hand: consumers read every engage record, and class-transformer plus
 * class-validator cost a fifth of a projection's CPU in the stats bench. Problems name the field.
 */
export function engageEventProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['the value is not a JSON object'];
  }
  const event = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof event.type !== 'string' || event.type.length === 0) {
    problems.push('type must be a non-empty string');
  }
  if (!isOpaqueId(event.id)) {
    problems.push('id must be a non-empty string or a number');
  }
  if (typeof event.issued_at !== 'string' || !isISO8601(event.issued_at, { strict: true })) {
    problems.push('issued_at must be a valid ISO 8601 date string');
  }
  const resource = event.resource;
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    problems.push('resource must be an object');
    return problems;
  }
  const { type, id, metadata } = resource as Record<string, unknown>;
  if (typeof type !== 'string' || type.length === 0) {
    problems.push('resource.type must be a non-empty string');
  }
  if (!isOpaqueId(id)) {
    problems.push('resource.id must be a non-empty string or a number');
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    problems.push('resource.metadata must be an object');
  }
  return problems;
}

/** The event as it came when it passes the checks above; `undefined` (see engageEventProblems) otherwise. */
export function asEngageEvent(value: unknown): EngageEvent | undefined {
  return engageEventProblems(value).length === 0 ? (value as EngageEvent) : undefined;
}

function isOpaqueId(value: unknown): boolean {
  return (
    (typeof value === 'string' && value.trim().length > 0) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
