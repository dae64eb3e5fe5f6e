import { EmergencySwitchRow } from './emergency-switch.entity';
import { SourceAvailabilityRow } from './source-availability.entity';
import { ThreadFactsRow } from './thread-facts.entity';
import { ThreadRouteRow } from './thread-route.entity';

export { EmergencySwitchRow, SourceAvailabilityRow, ThreadFactsRow, ThreadRouteRow };

export const PROJECTION_ENTITIES = [
  ThreadFactsRow,
  ThreadRouteRow,
  SourceAvailabilityRow,
  EmergencySwitchRow,
];

/** Compared row for row by replay. */
export const PROJECTION_TABLES = ['thread_facts', 'thread_route', 'source_availability', 'emergency_switch'];
