export type OpaqueId = string | number;

/** The RCED resource an event is about. Only the fields routing depends on are checked. */
export interface EngageResource {
  type: string;
  id: OpaqueId;
  metadata: Record<string, unknown>;
  [extra: string]: unknown;
}

/**
 * One RCED webhook event (ENGAGE_API.md §1.3), as engageEventProblems (the one definition of a
 * valid event, for the gateway and every consumer) lets it through. Unknown fields are kept.
 */
export interface EngageEvent {
  type: string;
  id: OpaqueId;
  issued_at: string;
  resource: EngageResource;
  [extra: string]: unknown;
}
