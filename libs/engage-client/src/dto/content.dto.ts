/** OpenAPI schema `Content`: the fields the handover relies on. */
export interface EngageContent {
  id: string;
  thread_id: string;
  source_id: string;
  author_id: string;
  in_reply_to_id: string | null;
  intervention_id: string | null;
  body: string;
  private_message: boolean;
  type: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface CreateContentRequest {
  body: string;
  /** Reply target; without it Engage starts a new discussion on `sourceId`. */
  inReplyToId?: string;
  sourceId?: string;
  authorId?: string;
  private?: boolean;
}
