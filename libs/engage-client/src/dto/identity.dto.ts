/** OpenAPI schema `Identity`: the fields the handover relies on. */
export interface EngageIdentity {
  id: string;
  display_name: string | null;
  /** The handle on social sources (e.g. a Twitter screen name). */
  screenname: string | null;
  uuid: string | null;
  email: string | null;
  firstname?: string | null;
  lastname?: string | null;
  mobile_phone?: string | null;
  foreign_id?: string | null;
}
