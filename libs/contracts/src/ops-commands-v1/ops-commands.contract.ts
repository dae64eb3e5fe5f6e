import { validateSync } from 'class-validator';
import { eventRecord } from '../topic-contract/event-record';
import { defineTopicContract, type TopicContract } from '../topic-contract/topic-contract';
import { TOPICS } from '../topics';
import {
  EMERGENCY_SWITCHED,
  EmergencySwitchedCommand,
  OPS_COMMANDS_KEY,
  OPS_COMMANDS_SCHEMA_VERSION,
} from './emergency-switched.command';

/**
 * ops.commands.v1: operators' commands, one key so they stay in order. A command's value has no
 * `type` field: its type is the record's `event-type` header, and its id the command id.
 */
export const OPS_COMMANDS: TopicContract<EmergencySwitchedCommand> = defineTopicContract({
  topic: TOPICS.opsCommands,
  eventTypes: [EMERGENCY_SWITCHED],
  problems(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return ['the value is not a JSON object'];
    }
    return validateSync(Object.assign(new EmergencySwitchedCommand(), value)).map(
      (error) => `${error.property} ${Object.values(error.constraints ?? {}).join('; ') || 'is invalid'}`,
    );
  },
  record: (command) =>
    eventRecord(TOPICS.opsCommands, OPS_COMMANDS_SCHEMA_VERSION, {
      key: OPS_COMMANDS_KEY,
      type: EMERGENCY_SWITCHED,
      id: command.command_id,
      value: command,
      receivedAt: command.issued_at,
    }),
});
