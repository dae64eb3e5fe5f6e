import { BadRequestException } from '@nestjs/common';
import { parseDashboardEmergencyRequest } from './dashboard-emergency.request';

const A = '5be1c0b4e20311250379c101';
const B = '5be1c0b4e20311250379c102';

function refusal(body: unknown): string {
  try {
    parseDashboardEmergencyRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return String((error as BadRequestException).message);
  }
  throw new Error('expected a refusal');
}

describe('parseDashboardEmergencyRequest', () => {
  it('should accept "all" or a list of source ids, deduplicated, with a trimmed reason', () => {
    expect(parseDashboardEmergencyRequest({ active: true, scope: 'all', reason: ' bot outage ' })).toEqual({
      active: true,
      scope: 'all',
      reason: 'bot outage',
    });
    expect(parseDashboardEmergencyRequest({ active: false, scope: [A, B, A], reason: 'over' })).toEqual({
      active: false,
      scope: [A, B],
      reason: 'over',
    });
  });

  it.each([
    ['a body that is not an object', 'on', /JSON object/],
    ['an array', [true], /JSON object/],
    ['missing fields', {}, /active is required; scope is required; reason is required/],
    [
      'an actor (always "dashboard")',
      { active: true, scope: 'all', reason: 'x', actor: 'me' },
      /actor is not a field/,
    ],
    ['active as a string', { active: 'true', scope: 'all', reason: 'x' }, /active must be a boolean/],
    ['an empty scope', { active: true, scope: [], reason: 'x' }, /at least one source id/],
    ['a scope of another word', { active: true, scope: 'some', reason: 'x' }, /"all" or a non-empty array/],
    ['a bad source id', { active: true, scope: [A, 'nope'], reason: 'x' }, /not at index 1/],
    ['a blank reason', { active: true, scope: 'all', reason: '   ' }, /reason must not be blank/],
    ['a reason too long', { active: true, scope: 'all', reason: 'x'.repeat(501) }, /reason must be shorter/],
    ['a reason not a string', { active: true, scope: 'all', reason: 3 }, /reason must be a string/],
  ])('should refuse %s with a 400 that names the field', (_case, body, expected) => {
    expect(refusal(body)).toMatch(expected);
  });
});
