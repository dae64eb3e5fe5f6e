/** OpenAPI schema `Category`. */
export interface EngageCategory {
  id: string;
  name: string;
  parent_id: string | null;
  source_ids: string[];
  unselectable: boolean;
}
