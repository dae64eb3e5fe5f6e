import { BadRequestException } from '@nestjs/common';

const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/** The optional Idempotency-Key header: 1 to 255 printable ASCII characters, not only spaces. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  if (!IDEMPOTENCY_KEY.test(header) || header.trim() === '') {
    throw new BadRequestException('Idempotency-Key must be 1 to 255 printable ASCII characters');
  }
  return header;
}
