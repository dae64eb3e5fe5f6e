export {
  EMERGENCY_SWITCHED,
  EmergencySwitchedCommand,
  OPS_COMMANDS_KEY,
  OPS_COMMANDS_SCHEMA_VERSION,
} from './emergency-switched.command';
