import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationProblems } from '@handover/config';
import { type EngageEvent, engageEventProblems } from '@handover/contracts';

/** Validates a record's value; a record that fails is parked on the dead-letter topic at once. */
export async function parseRecordValue<T extends object>(schema: new () => T, value: unknown): Promise<T> {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidRecordError(['the value is not a JSON object']);
  }
  const instance = plainToInstance(schema, value);
  const errors = await validate(instance);
  if (errors.length > 0) {
    throw new InvalidRecordError(validationProblems(errors));
  }
  return instance;
}

/** An engage.events.v1 value, checked by the one definition the gateway also applies. */
export function parseEngageEvent(value: unknown): EngageEvent {
  const problems = engageEventProblems(value);
  if (problems.length > 0) {
    throw new InvalidRecordError(problems);
  }
  return value as EngageEvent;
}

export class InvalidRecordError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid record: ${problems.join('; ')}`);
    this.name = 'InvalidRecordError';
  }
}
