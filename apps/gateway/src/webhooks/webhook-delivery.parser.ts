import {
  ENGAGE_ID_RULE,
  type EngageEvent,
  engageEventProblems,
  isEngageId,
  normalizeText,
} from '@handover/contracts';
import { BadRequestException } from '@nestjs/common';
import { type RefusedEvent, type WebhookDelivery } from './webhook-delivery';

/**
 * RCED batches events without saying how many (ENGAGE_API.md §1.5); this bounds what one delivery
 * can make the gateway publish, far above any batch seen.
 */
export const MAX_EVENTS_PER_DELIVERY = 1_000;

/** An error body names this many problems at most, then how many more there are. */
export const MAX_LISTED_PROBLEMS = 10;

/**
 * Judges a parsed webhook body event by event, with the one definition of a valid event that every
 * consumer applies (engageEventProblems), after making its text storable (normalizeText: U+0000 and
 * lone surrogates become U+FFFD). A bad envelope, or a delivery without one valid event, is a 400
 * naming the problems; otherwise the valid events go on and the others are reported beside them.
 */
export function parseWebhookDelivery(body: unknown): WebhookDelivery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('The body must be a JSON object {id, domain_id, events[]}');
  }
  const { id, domain_id: domainId, events: rawEvents } = body as Record<string, unknown>;
  const problems: string[] = [];
  if (!isEngageId(id)) {
    problems.push(`id must be ${ENGAGE_ID_RULE}`);
  }
  if (!isEngageId(domainId)) {
    problems.push(`domain_id must be ${ENGAGE_ID_RULE}`);
  }
  if (!Array.isArray(rawEvents) || rawEvents.length === 0) {
    problems.push('events must be a non-empty array');
  } else if (rawEvents.length > MAX_EVENTS_PER_DELIVERY) {
    problems.push(
      `events must hold at most ${MAX_EVENTS_PER_DELIVERY} events (it holds ${rawEvents.length})`,
    );
  }
  if (problems.length > 0) {
    throw new BadRequestException(listed(problems));
  }
  const events: EngageEvent[] = [];
  const refused: RefusedEvent[] = [];
  (rawEvents as unknown[]).forEach((raw, index) => {
    const event = normalizeText(raw);
    const eventProblems = engageEventProblems(event);
    if (eventProblems.length === 0) {
      events.push(event as EngageEvent);
    } else {
      refused.push({ index, problems: eventProblems.map((problem) => `events[${index}].${problem}`) });
    }
  });
  if (events.length === 0) {
    throw new BadRequestException(listed(refused.flatMap((event) => event.problems)));
  }
  return { id: id as string | number, domain_id: domainId as string | number, events, refused };
}

/** The first MAX_LISTED_PROBLEMS problems, and how many more there are. */
export function listed(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}
