import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engageEventProblems } from './engage-event.check';

const fixture = (name: string): Record<string, unknown> => {
  const envelope = JSON.parse(readFileSync(join(__dirname, '../../../../test/fixtures', name), 'utf8')) as {
    events: Array<Record<string, unknown>>;
  };
  return envelope.events[0];
};

const valid = {
  type: 'content.imported',
  id: '5be5aeffe203116daf064709',
  issued_at: '2026-01-01T00:00:00.000Z',
  resource: { type: 'chat/message', id: '5be5aeffd6cb009bde8e56e2', metadata: { thread_id: 't-1' } },
};

describe('engageEventProblems', () => {
  it("should pass RCED's documented samples and numeric ids", () => {
    expect(engageEventProblems(fixture('seed-content-imported.json'))).toEqual([]);
    expect(engageEventProblems(fixture('seed-intervention-closed.json'))).toEqual([]);
    expect(engageEventProblems({ ...valid, id: 12, resource: { ...valid.resource, id: 3 } })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'hello', 'the value is not a JSON object'],
    ['an empty type', { ...valid, type: '' }, 'type must be a non-empty string of at most 100 characters'],
    ['a blank id', { ...valid, id: '  ' }, 'id must be an RCED id (1 to 64 letters, digits, - or _)'],
    ['a week date', { ...valid, issued_at: '2024-W01-1' }, 'issued_at must be an RFC 3339 date-time'],
    ['no resource', { ...valid, resource: undefined }, 'resource must be an object'],
    [
      'null metadata',
      { ...valid, resource: { ...valid.resource, metadata: null } },
      'resource.metadata must',
    ],
    ['no resource id', { ...valid, resource: { ...valid.resource, id: undefined } }, 'resource.id must be'],
    [
      'a thread id of `..`',
      { ...valid, resource: { ...valid.resource, metadata: { thread_id: '..' } } },
      'resource.metadata.thread_id must be an RCED id',
    ],
    [
      'NUL in a message',
      { ...valid, resource: { ...valid.resource, metadata: { thread_id: 't', body: 'a\u0000b' } } },
      'resource.metadata.body holds U+0000 or a lone surrogate',
    ],
    [
      'a lone surrogate in a field name',
      { ...valid, resource: { ...valid.resource, metadata: { thread_id: 't', ['x\uDC00']: 1 } } },
      'in its name',
    ],
  ])('should name what is wrong with %s', (_name, value, expected) => {
    expect(engageEventProblems(value).join('; ')).toContain(expected);
  });

  it('should accept text with paired surrogates (emoji) as it is', () => {
    const emoji = {
      ...valid,
      resource: { ...valid.resource, metadata: { thread_id: 't', body: 'merci 🙏' } },
    };

    expect(engageEventProblems(emoji)).toEqual([]);
  });
});
