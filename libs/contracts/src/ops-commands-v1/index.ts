export {
  EMERGENCY_SWITCHED,
  EmergencySwitchedCommand,
  OPS_COMMANDS_KEY,
  OPS_COMMANDS_SCHEMA_VERSION,
} from './emergency-switched.command';
export {
  EMERGENCY_SCOPE_ALL,
  type EmergencyScope,
  emergencyScopeProblem,
  IsEmergencyScope,
  RCED_SOURCE_ID_PATTERN,
} from './emergency-scope.validator';
export {
  applyEmergencySwitch,
  type EmergencyCoverage,
  emergencyCoverageOf,
  emergencyCovers,
  type EmergencySwitch,
  isEmergencyActive,
  NO_EMERGENCY,
} from './emergency-coverage';
export { OPS_COMMANDS } from './ops-commands.contract';
