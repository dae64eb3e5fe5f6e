import { BadRequestException } from '@nestjs/common';
import { parseEmergencyRequest } from './emergency-request.parser';

const SOURCE = '5be1c0b4e20311250379c101';
const VALID = { active: true, scope: [SOURCE], reason: 'bot outage' };

function refusal(body: unknown): string {
  try {
    parseEmergencyRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error('expected the request to be refused');
}

describe('parseEmergencyRequest', () => {
  it('should accept a scope of source ids or "all"', () => {
    expect(parseEmergencyRequest(VALID)).toMatchObject(VALID);
    expect(parseEmergencyRequest({ ...VALID, active: false, scope: 'all' })).toMatchObject({
      active: false,
      scope: 'all',
    });
  });

  it('should refuse a body that is not an object', () => {
    for (const body of [null, [VALID], 'all', 42]) {
      expect(refusal(body)).toContain('JSON object');
    }
  });

  it('should name every missing field', () => {
    expect(refusal({})).toBe('active is required; scope is required; reason is required');
  });

  it('should name a field of the wrong type, once', () => {
    expect(refusal({ ...VALID, active: 'true' })).toBe('active must be a boolean value');
  });

  it.each([
    ['another word', 'ALL', 'scope must be "all" or a non-empty array of source ids'],
    ['a single id', SOURCE, 'scope must be "all" or a non-empty array of source ids'],
    ['an empty list', [], 'scope must list at least one source id, or be "all"'],
    [
      'ids that are not RCED ids',
      [SOURCE, 'nope', 5, SOURCE.toUpperCase()],
      'scope must hold RCED source ids (24 lowercase hexadecimal characters), not at index 1, 2, 3',
    ],
  ])('should refuse %s as scope', (_case, scope, message) => {
    expect(refusal({ ...VALID, scope })).toBe(message);
  });

  it('should bound reason to 1..500 characters and refuse a blank one', () => {
    expect(parseEmergencyRequest({ ...VALID, reason: 'r'.repeat(500) })).toBeDefined();
    expect(refusal({ ...VALID, reason: 'r'.repeat(501) })).toBe(
      'reason must be shorter than or equal to 500 characters',
    );
    expect(refusal({ ...VALID, reason: '' })).toMatch(/^reason must be longer than or equal to 1/);
    expect(refusal({ ...VALID, reason: '   ' })).toBe('reason must not be blank');
  });

  it('should refuse an unknown field, naming it', () => {
    expect(refusal({ ...VALID, source_ids: [SOURCE] })).toBe(
      'source_ids is not a field (expected active, scope, reason)',
    );
  });

  it('should refuse an actor in the body, naming it: who switches is who authenticated', () => {
    expect(refusal({ ...VALID, actor: 'someone-else' })).toBe(
      "actor is not a field: the actor is the admin token's name, and X-Acting-For says on whose behalf",
    );
  });
});
