export {
  AVAILABILITY_EVENT_TYPES,
  AVAILABILITY_EVENTS_SCHEMA_VERSION,
  type AvailabilityChangedEvent,
  type AvailabilityEvent,
  type AvailabilitySnapshotEvent,
} from './availability-event';
export { AVAILABILITY_EVENTS } from './availability-events.contract';
