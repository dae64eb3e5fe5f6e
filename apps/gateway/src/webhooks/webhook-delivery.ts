import { type EngageEvent, type OpaqueId } from '@handover/contracts';

/** A webhook delivery as RCED POSTs it, `{id, domain_id, events[]}` (ENGAGE_API.md §1.3), once judged. */
export interface WebhookDelivery {
  readonly id: OpaqueId;
  readonly domain_id: OpaqueId;
  /** The valid events, in delivery order, their text made storable (normalizeText). */
  readonly events: readonly EngageEvent[];
  /** The events left out, each with why: a bad sibling never costs the valid ones. */
  readonly refused: readonly RefusedEvent[];
}

export interface RefusedEvent {
  /** Its position in the delivery's `events`. */
  readonly index: number;
  readonly problems: readonly string[];
}
