/** OpenAPI schema `Source`: the fields the handover relies on. */
export interface EngageSource {
  id: string;
  name: string;
  type: string;
  active: boolean;
  channel_id: string;
  default_category_ids: string[];
}
