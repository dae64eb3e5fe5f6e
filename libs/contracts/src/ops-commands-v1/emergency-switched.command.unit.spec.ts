import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EmergencySwitchedCommand } from './emergency-switched.command';

const valid = {
  command_id: 'c-1',
  active: true,
  source_ids: null,
  reason: 'bot outage',
  actor: 'ops@example.com',
  issued_at: '2026-01-01T10:00:00.000Z',
};

const problems = (value: object): string[] =>
  validateSync(plainToInstance(EmergencySwitchedCommand, value)).map((error) => error.property);

describe('EmergencySwitchedCommand', () => {
  it('should accept every source (null) or a list of sources', () => {
    expect(problems(valid)).toEqual([]);
    expect(problems({ ...valid, source_ids: ['5be1c0b4e20311250379c101'] })).toEqual([]);
  });

  it('should refuse a command without source_ids rather than read it as every source', () => {
    const withoutScope: Partial<typeof valid> = { ...valid };
    delete withoutScope.source_ids;
    expect(problems(withoutScope)).toEqual(['source_ids']);
    expect(problems({ ...valid, source_ids: 'all' })).toEqual(['source_ids']);
  });
});
