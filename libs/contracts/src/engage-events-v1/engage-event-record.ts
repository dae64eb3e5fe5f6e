import { type EngageEvent, type OpaqueId } from './engage-event';

export const ENGAGE_EVENTS_SCHEMA_VERSION = '1';

/**
 * The value of a record on `engage.events.v1`: the RCED event exactly as delivered, plus the id
 * and domain of the webhook envelope that carried it. Key: the thread id (resource id when the
 * event has none). Headers: RECORD_HEADERS.
 */
export type EngageEventRecordValue = EngageEvent & {
  readonly envelope_id: OpaqueId;
  readonly domain_id: OpaqueId;
};
