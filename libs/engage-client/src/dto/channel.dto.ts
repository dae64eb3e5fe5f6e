/** OpenAPI schema `Channel`: the fields the handover relies on. */
export interface EngageChannel {
  id: string;
  name: string;
  label: string;
  source_ids: string[];
  soft_capability: number;
  hard_capability: number;
}
