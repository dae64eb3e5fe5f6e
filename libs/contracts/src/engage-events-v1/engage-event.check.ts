import { isEngageId, ENGAGE_ID_RULE } from '../values/engage-id';
import { isInstant } from '../values/instant';
import { type EngageEvent } from './engage-event';
import { storableTextProblem } from './storable-json';

/** Event and resource types are short names (`content.imported`, `chat/message`). */
const MAX_TYPE_LENGTH = 100;

/**
 * The one definition of a valid engage event: what the gateway publishes, every consumer can
 * process. Problems name the field. Ids follow the RCED id rule (no URL-changing characters, a
 * length cap), dates the RFC 3339 rule their readers use, and every string anywhere in the event can
 * be stored in Postgres (the gateway makes text storable on entry: normalizeText).
 */
export function engageEventProblems(value: unknown): string[] {
  if (!isObject(value)) {
    return ['the value is not a JSON object'];
  }
  const problems: string[] = [];
  if (!isTypeName(value.type)) {
    problems.push(`type must be a non-empty string of at most ${MAX_TYPE_LENGTH} characters`);
  }
  if (!isEngageId(value.id)) {
    problems.push(`id must be ${ENGAGE_ID_RULE}`);
  }
  if (!isInstant(value.issued_at)) {
    problems.push('issued_at must be an RFC 3339 date-time (2024-01-01T10:00:00.000Z)');
  }
  const resource = value.resource;
  if (!isObject(resource)) {
    problems.push('resource must be an object');
    return problems;
  }
  if (!isTypeName(resource.type)) {
    problems.push(`resource.type must be a non-empty string of at most ${MAX_TYPE_LENGTH} characters`);
  }
  if (!isEngageId(resource.id)) {
    problems.push(`resource.id must be ${ENGAGE_ID_RULE}`);
  }
  if (!isObject(resource.metadata)) {
    problems.push('resource.metadata must be an object');
  } else if (!isAbsent(resource.metadata.thread_id) && !isEngageId(resource.metadata.thread_id)) {
    problems.push(`resource.metadata.thread_id must be ${ENGAGE_ID_RULE}`);
  }
  if (!isAbsent(resource.thread_id) && !isEngageId(resource.thread_id)) {
    problems.push(`resource.thread_id must be ${ENGAGE_ID_RULE}`);
  }
  const textProblem = storableTextProblem(value);
  if (textProblem !== null) {
    problems.push(textProblem);
  }
  return problems;
}

/** The event as it came when it passes the checks above; `undefined` (see engageEventProblems) otherwise. */
export function asEngageEvent(value: unknown): EngageEvent | undefined {
  return engageEventProblems(value).length === 0 ? (value as EngageEvent) : undefined;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function isTypeName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TYPE_LENGTH;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
