import { secretsMatch } from './secret-compare.util';

describe('secretsMatch', () => {
  it('should match the same secret', () => {
    expect(secretsMatch('s3cr3t', 's3cr3t')).toBe(true);
  });

  it.each([['s3cr3T'], ['s3cr3'], ['s3cr3t '], [''], [undefined]])('should not match %p', (received) => {
    expect(secretsMatch(received, 's3cr3t')).toBe(false);
  });
});
