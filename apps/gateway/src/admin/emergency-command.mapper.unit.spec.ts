import { EmergencySwitchedCommand, TOPICS, OPS_COMMANDS } from '@handover/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { toEmergencyCommand } from './emergency-command.mapper';
import { type AuthorizedEmergencyRequest } from './emergency-request.dto';

const A = '5be1c0b4e20311250379c101';
const B = '5be1c0b4e20311250379c102';
const FRESH = '0b6f2a52-8f43-4c71-9d0e-6f6f3c1f6a01';
const AT = new Date('2026-11-23T10:00:00.123Z');
const REQUEST: AuthorizedEmergencyRequest = {
  active: true,
  scope: [A, B, A],
  reason: 'bot outage',
  actor: 'ops',
};

describe('toEmergencyCommand', () => {
  it('should build a valid ops.commands.v1 command with a fresh id when no key is given', () => {
    const command = toEmergencyCommand(REQUEST, { freshId: FRESH, issuedAt: AT });

    expect(command).toEqual({
      command_id: FRESH,
      active: true,
      source_ids: [A, B],
      reason: 'bot outage',
      actor: 'ops',
      issued_at: '2026-11-23T10:00:00.123Z',
    });
    expect(validateSync(plainToInstance(EmergencySwitchedCommand, command))).toEqual([]);
  });

  it('should map scope "all" to source_ids null', () => {
    expect(
      toEmergencyCommand({ ...REQUEST, scope: 'all' }, { freshId: FRESH, issuedAt: AT }).source_ids,
    ).toBeNull();
  });

  it('should derive the same UUID from the same key and request, whenever it is retried', () => {
    const first = toEmergencyCommand(REQUEST, { freshId: FRESH, idempotencyKey: 'k-1', issuedAt: AT });
    const retried = toEmergencyCommand(
      { ...REQUEST, scope: [B, A] },
      { freshId: 'another-fresh-id', idempotencyKey: 'k-1', issuedAt: new Date() },
    );

    expect(first.command_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(retried.command_id).toBe(first.command_id);
  });

  it('should derive another id for another key, or the same key reused for another switch', () => {
    const id = (request: AuthorizedEmergencyRequest, key: string): string =>
      toEmergencyCommand(request, { freshId: FRESH, idempotencyKey: key, issuedAt: AT }).command_id;

    const ids = [
      id(REQUEST, 'k-1'),
      id(REQUEST, 'k-2'),
      id({ ...REQUEST, active: false }, 'k-1'),
      id({ ...REQUEST, scope: 'all' }, 'k-1'),
    ];

    expect(new Set(ids).size).toBe(4);
  });
});

describe('OPS_COMMANDS.record', () => {
  it('should key the record with the ops key and carry type, id and version in headers', () => {
    const command = toEmergencyCommand(REQUEST, { freshId: FRESH, issuedAt: AT });

    const record = OPS_COMMANDS.record(command);

    expect(record).toEqual({
      topic: TOPICS.opsCommands.name,
      key: 'ops',
      value: JSON.stringify(command),
      headers: {
        'event-type': 'emergency.switched',
        'event-id': FRESH,
        'schema-version': '1',
        'received-at': '2026-11-23T10:00:00.123Z',
      },
    });
  });
});
