import { idOrNull } from '../values/engage-id';
import { type EngageEvent } from './engage-event';
import { engageEventThreadId } from './engage-event-thread-id.util';

/**
 * What a reply to one customer content must carry, read from its `content.imported`. Every text we
 * post to a customer (the bot's reply, a waiting notice) is built from it, so that all of them fit
 * the source they go to (docs/replies-per-source.md). Snake case: events carry it (a handover
 * request says how to answer the customer it is about).
 */
export interface ReplyTarget {
  content_id: string;
  thread_id: string;
  /** `<source type>/<content kind>`: `chat/message`, `emails/email`, `twtr/tweet`… (ENGAGE_API.md §1.3). */
  content_type: string;
  /** The customer wrote privately (a DM, a chat, an email): the answer is private too. */
  private: boolean;
  author_id: string | null;
  thread_title: string | null;
  /** Email sources: who wrote, and who else was in copy (metadata `from`, `cc`, `bcc`). */
  email: { from: string | null; cc: string[]; bcc: string[] } | null;
}

/** The `POST /1.0/contents` fields of a reply (SPEC createContent). */
export interface ReplyFields {
  inReplyToId: string;
  body: string;
  private?: true;
  title?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
}

export function replyTargetOf(event: EngageEvent): ReplyTarget | null {
  const threadId = engageEventThreadId(event);
  if (threadId === undefined) {
    return null;
  }
  const metadata = event.resource.metadata;
  const contentType = event.resource.type;
  return {
    content_id: String(event.resource.id),
    thread_id: threadId,
    content_type: contentType,
    private: metadata.private === true,
    author_id: idOrNull(metadata.author_id),
    thread_title: textOrNull(metadata.thread_title),
    email: isEmail(contentType)
      ? { from: textOrNull(metadata.from), cc: texts(metadata.cc), bcc: texts(metadata.bcc) }
      : null,
  };
}

/**
 * A public tweet is answered by mentioning its author's handle, as RingCentral's chatbot framework
 * does (engage-digital-chatbot-js `reply()`: `@<identity uuid>` for `twtr/tweet`); a DM needs none.
 */
export function needsAuthorHandle(target: ReplyTarget): boolean {
  return target.content_type === 'twtr/tweet' && !target.private && target.author_id !== null;
}

/**
 * The reply's fields: in reply to the content, private when it was (both public peers copy the flag:
 * chatbot-js and the Bot Framework adapter), and on email the subject and the recipients copied from
 * the customer's email (chatbot-js copies `from` as `to[]`, `cc` and `bcc`).
 */
export function replyFields(
  target: ReplyTarget,
  body: string,
  authorHandle: string | null = null,
): ReplyFields {
  const fields: ReplyFields = {
    inReplyToId: target.content_id,
    body: authorHandle && needsAuthorHandle(target) ? `@${authorHandle} ${body}` : body,
  };
  if (target.private) {
    fields.private = true;
  }
  if (target.email) {
    if (target.thread_title) {
      fields.title = /^re:/i.test(target.thread_title) ? target.thread_title : `Re: ${target.thread_title}`;
    }
    if (target.email.from) {
      fields.to = [target.email.from];
    }
    if (target.email.cc.length > 0) {
      fields.cc = target.email.cc;
    }
    if (target.email.bcc.length > 0) {
      fields.bcc = target.email.bcc;
    }
  }
  return fields;
}

function isEmail(contentType: string): boolean {
  return contentType.startsWith('emails/');
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function texts(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item !== '')
    : [];
}
