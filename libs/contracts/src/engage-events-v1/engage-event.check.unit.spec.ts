import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngageEvent } from './engage-event';
import { engageEventProblems } from './engage-event.check';

const fixture = (name: string): Record<string, unknown> => {
  const envelope = JSON.parse(readFileSync(join(__dirname, '../../../../test/fixtures', name), 'utf8')) as {
    events: Array<Record<string, unknown>>;
  };
  return envelope.events[0];
};

/** Every case must get the same verdict from the hand check and from the class. */
const cases: Array<[string, unknown]> = [
  ['seed content.imported', fixture('seed-content-imported.json')],
  ['seed intervention.closed', fixture('seed-intervention-closed.json')],
  [
    'numeric ids',
    { type: 'x', id: 12, issued_at: '2026-01-01T00:00:00Z', resource: { type: 'r', id: 3, metadata: {} } },
  ],
  ['not an object', 'hello'],
  [
    'empty type',
    { type: '', id: 'a', issued_at: '2026-01-01T00:00:00Z', resource: { type: 'r', id: 'b', metadata: {} } },
  ],
  [
    'blank id',
    {
      type: 'x',
      id: '  ',
      issued_at: '2026-01-01T00:00:00Z',
      resource: { type: 'r', id: 'b', metadata: {} },
    },
  ],
  [
    'bad date',
    { type: 'x', id: 'a', issued_at: 'yesterday', resource: { type: 'r', id: 'b', metadata: {} } },
  ],
  ['no resource', { type: 'x', id: 'a', issued_at: '2026-01-01T00:00:00Z' }],
  [
    'metadata null',
    {
      type: 'x',
      id: 'a',
      issued_at: '2026-01-01T00:00:00Z',
      resource: { type: 'r', id: 'b', metadata: null },
    },
  ],
  [
    'resource id missing',
    { type: 'x', id: 'a', issued_at: '2026-01-01T00:00:00Z', resource: { type: 'r', metadata: {} } },
  ],
];

describe('engageEventProblems', () => {
  it.each(cases)('should agree with the EngageEvent class on %s', (_name, value) => {
    const byClass =
      typeof value === 'object' && value !== null
        ? validateSync(plainToInstance(EngageEvent, value)).length === 0
        : false;
    expect(engageEventProblems(value).length === 0).toBe(byClass);
  });

  it('should name the field that is wrong', () => {
    expect(
      engageEventProblems({
        type: 'x',
        id: 'a',
        issued_at: 'yesterday',
        resource: { type: 'r', id: 'b', metadata: {} },
      }),
    ).toEqual(['issued_at must be a valid ISO 8601 date string']);
  });
});
