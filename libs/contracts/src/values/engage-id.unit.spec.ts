import { isEngageId } from './engage-id';

describe('isEngageId', () => {
  it('should accept the ids RCED documents: 24 hex digits, UUIDs and integers', () => {
    expect(['5be5aeffe203116daf064709', '6f1c2a4e-0d1b-4c53-9a3b-2f0e6a1b7c9d', 42].every(isEngageId)).toBe(
      true,
    );
  });

  it('should refuse ids that change a URL path, that Postgres refuses, or that inflate every record', () => {
    const refused = [
      '',
      '.',
      '..',
      'a/b',
      '%2e%2e',
      'a b',
      'a\u0000b',
      'x'.repeat(65),
      -1,
      1.5,
      Number.NaN,
      null,
    ];
    expect(refused.filter(isEngageId)).toEqual([]);
  });
});
