import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationProblems } from '@handover/config';

/** Validates a record's value; a record that fails is retried, then parked on the dead-letter topic. */
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

export class InvalidRecordError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid record: ${problems.join('; ')}`);
    this.name = 'InvalidRecordError';
  }
}
