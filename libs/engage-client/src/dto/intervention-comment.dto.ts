/** OpenAPI schema `InterventionComment`: an agent-only note on an intervention, never shown to the customer. */
export interface EngageInterventionComment {
  id: string;
  body: string;
  intervention_id: string;
  thread_id: string;
  user_id: string;
  created_at: string;
  updated_at: string;
}

export interface CreateInterventionCommentRequest {
  interventionId: string;
  /** Mandatory for RCED; the comment is created as the token's user whatever it says. */
  userId: string;
  body: string;
}
