import { EmergencySourceDefaultRow } from './emergency-source-default.entity';
import { EmergencySwitchRow } from './emergency-switch.entity';
import { SourceAvailabilityRow } from './source-availability.entity';
import { ThreadFactsRow } from './thread-facts.entity';
import { ThreadRecategorizationRow } from './thread-recategorization.entity';
import { ThreadRouteRow } from './thread-route.entity';

export {
  EmergencySourceDefaultRow,
  EmergencySwitchRow,
  SourceAvailabilityRow,
  ThreadFactsRow,
  ThreadRecategorizationRow,
  ThreadRouteRow,
};

/** Every table of the schema; replay rebuilds and compares PROJECTION_TABLES only. */
export const PROJECTION_ENTITIES = [
  ThreadFactsRow,
  ThreadRouteRow,
  SourceAvailabilityRow,
  EmergencySwitchRow,
  ThreadRecategorizationRow,
  EmergencySourceDefaultRow,
];

/**
 * Compared row for row by replay. thread_recategorization and emergency_source_default record what
 * our calls did on RCED (live platform state), which replay never calls.
 */
export const PROJECTION_TABLES = ['thread_facts', 'thread_route', 'source_availability', 'emergency_switch'];
