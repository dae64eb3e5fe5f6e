import { secretMatcher } from './secret-compare.util';

describe('secretMatcher', () => {
  const matches = secretMatcher('s3cr3t');

  it('should match the same secret, any number of times', () => {
    expect(matches('s3cr3t')).toBe(true);
    expect(matches('s3cr3t')).toBe(true);
  });

  it.each([['s3cr3T'], ['s3cr3'], ['s3cr3t '], [''], [undefined]])('should not match %p', (received) => {
    expect(matches(received)).toBe(false);
  });
});
