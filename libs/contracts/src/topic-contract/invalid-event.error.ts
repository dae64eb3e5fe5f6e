/**
 * A record's value breaks its topic's contract: it can never be applied, so a consumer parks it at
 * once (never retries it), and the gateway refuses it. Each problem names the field.
 */
export class InvalidEventError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid event: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}
