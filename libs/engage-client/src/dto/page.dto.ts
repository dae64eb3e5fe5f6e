/** Every Engage collection answer (ENGAGE_API.md §2.3): `count` is the total, not the page size. */
export interface EngagePage<T> {
  count: number;
  offset: number;
  limit: number;
  records: T[];
}

export interface PageRequest {
  offset?: number;
  /** Engage's maximum is 150. */
  limit?: number;
}
