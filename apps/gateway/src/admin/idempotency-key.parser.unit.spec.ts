import { BadRequestException } from '@nestjs/common';
import { parseIdempotencyKey } from './idempotency-key.parser';

describe('parseIdempotencyKey', () => {
  it('should pass an absent or printable key through', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('drill 2026-11-23 #1')).toBe('drill 2026-11-23 #1');
  });

  it('should refuse an empty, blank, too long or non-ASCII key with 400', () => {
    for (const key of ['', '   ', 'k'.repeat(256), 'clé']) {
      expect(() => parseIdempotencyKey(key)).toThrow(BadRequestException);
    }
  });
});
