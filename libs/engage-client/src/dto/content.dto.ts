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
  /** OpenAPI `ContentAttachment`; `url` downloads it only with an access token (never ours to give). */
  attachments?: EngageContentAttachment[];
}

export interface EngageContentAttachment {
  id: string;
  content_type?: string | null;
  filename?: string | null;
  url?: string | null;
}

/** `POST /1.0/contents` (SPEC createContent); what each source type needs is in docs/replies-per-source.md. */
export interface CreateContentRequest {
  body: string;
  /** Reply target; without it Engage starts a new discussion on `sourceId`. */
  inReplyToId?: string;
  sourceId?: string;
  authorId?: string;
  /** A private message to the customer (a DM on social sources), never an internal note. */
  private?: boolean;
  /** Email sources: the subject. */
  title?: string;
  /** Email sources: the `to[]`, `cc[]` and `bcc[]` recipients. */
  to?: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
}
