/**
 * What depends on a source's type. Slugs are those of RCED's resource types `<source_type>/<kind>`
 * (ENGAGE_API.md §1.3): `chat/message` (seed walkthrough payload), `emails/email` and `twtr/tweet`
 * (engage-digital-chatbot-js), `answers/private_message` (docs/interactions/chatbots/implementation.md).
 */

/**
 * SPEC closeThread/openThread: "only available for … Emails, Answers, Ideas, Facebook Messenger,
 * Google+, Lithium, Mobile Messaging". [INF] Their type slugs.
 */
export const CLOSABLE_SOURCE_TYPES: readonly string[] = [
  'emails',
  'answers',
  'ideas',
  'messenger',
  'google_plus',
  'lithium',
  'mobile_messaging',
];

export function threadsCanBeClosed(sourceType: string): boolean {
  return CLOSABLE_SOURCE_TYPES.includes(sourceType);
}

/** The `<kind>` of a content's resource type, which also is its REST `type` [INF]. */
export function contentKind(sourceType: string, privateMessage: boolean): string {
  switch (sourceType) {
    case 'twtr':
      // A public tweet, or a direct message ([INF] `twtr/private_message`, as answers/private_message).
      return privateMessage ? 'private_message' : 'tweet';
    case 'emails':
      return 'email';
    case 'answers':
      return privateMessage ? 'private_message' : 'message';
    default:
      return 'message';
  }
}

export function contentResourceType(sourceType: string, privateMessage: boolean): string {
  return `${sourceType}/${contentKind(sourceType, privateMessage)}`;
}

/**
 * Whether what a customer (or the source itself) writes is private unless told otherwise: a chat
 * message is (seed walkthrough payload `"private": true`), an email is ([INF]), a tweet is not
 * (its direct messages are sent as private); other types: public [INF].
 */
export function privateByDefault(sourceType: string): boolean {
  return sourceType === 'chat' || sourceType === 'emails';
}
