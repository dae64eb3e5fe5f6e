/** OpenAPI schema `Thread`. `thread_category_ids` is the set on the thread; `category_ids` also aggregates its contents'. */
export interface EngageThread {
  id: string;
  source_id: string;
  title: string | null;
  closed: boolean;
  category_ids: string[];
  thread_category_ids: string[];
  contents_count: number;
  interventions_count: number;
  foreign_id: string | null;
  created_at: string;
  updated_at: string;
}
