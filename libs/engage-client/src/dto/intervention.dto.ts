/** OpenAPI schema `Intervention`: the fields the handover relies on. */
export interface EngageIntervention {
  id: string;
  content_id: string;
  thread_id: string;
  source_id: string;
  identity_id: string;
  user_id: string | null;
  status: string;
  closed: boolean;
  closed_at: string | null;
  category_ids: string[];
  user_replies_count: number;
  created_at: string;
  updated_at: string;
}

/** `GET /1.0/interventions` filters (SPEC getAllInterventions). */
export interface ListInterventionsFilter {
  threadId?: string;
  userId?: string;
  status?: 'active' | 'closed' | 'deferred' | 'opened' | 'reopened';
}
