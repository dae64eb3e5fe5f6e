import { type ContentFact } from '../content-fact';

/**
 * A customer's first chat message on a BOT thread (`cat-bot`), as bot-responder keeps it; a test
 * overrides what it is about. The reply target follows the content and thread ids given.
 */
export function customerMessage(overrides: Partial<ContentFact> = {}): ContentFact {
  const contentId = overrides.contentId ?? 'c-1';
  const threadId = overrides.threadId ?? 't-1';
  return {
    eventId: 'ev-1',
    issuedAt: '2026-11-23T10:00:00.000Z',
    contentId,
    threadId,
    sourceId: 'src-1',
    body: 'Bonjour',
    hasAttachment: false,
    notCustomer: null,
    authorId: 'customer-1',
    categoryIds: ['cat-bot'],
    interventionId: null,
    firstInThread: true,
    inReplyToId: null,
    language: null,
    replyTarget: {
      content_id: contentId,
      thread_id: threadId,
      content_type: 'chat/message',
      private: true,
      author_id: 'customer-1',
      thread_title: null,
      email: null,
    },
    ...overrides,
  };
}
