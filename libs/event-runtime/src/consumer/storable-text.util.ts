import { createHash } from 'node:crypto';

/**
 * Postgres refuses U+0000 in text and jsonb, and lone UTF-16 surrogates in jsonb. Record text
 * decoded from UTF-8 holds no lone surrogate (a bad sequence decodes to U+FFFD), so U+0000 is the
 * one character to replace for text we keep only to be read by people (a parked record).
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/** Longer event ids are kept hashed: a btree entry holds about 2,700 bytes at most. */
const MAX_STORED_EVENT_ID = 200;

/**
 * The dedupe key of an event id that Postgres can hold and index whatever the header carries: the
 * id itself, or `sha256:<hex>` of it when it is too long or holds U+0000 (no valid id does; the
 * hash keeps two different hostile ids apart, where replacing characters would merge them).
 */
export function storableEventId(eventId: string): string {
  if (eventId.length <= MAX_STORED_EVENT_ID && !eventId.includes('\u0000')) {
    return eventId;
  }
  return `sha256:${createHash('sha256').update(eventId, 'utf8').digest('hex')}`;
}
