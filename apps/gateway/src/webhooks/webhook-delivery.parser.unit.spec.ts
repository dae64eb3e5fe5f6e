import { BadRequestException } from '@nestjs/common';
import { SEED_CONTENT_IMPORTED, SEED_INTERVENTION_CLOSED, copyOf } from '../../../../test/fixtures';
import { MAX_EVENTS_PER_DELIVERY, parseWebhookDelivery } from './webhook-delivery.parser';

type SeedEvent = (typeof SEED_CONTENT_IMPORTED)['events'][number];

function rejectionOf(body: unknown): string {
  try {
    parseWebhookDelivery(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error('expected the delivery to be refused');
}

/** The seed's customer message, changed as `change` says. */
function event(change: (event: SeedEvent) => void = () => undefined): SeedEvent {
  const copy = copyOf(SEED_CONTENT_IMPORTED).events[0];
  change(copy);
  return copy;
}

function delivery(...events: unknown[]): Record<string, unknown> {
  return { ...copyOf(SEED_CONTENT_IMPORTED), events };
}

describe('parseWebhookDelivery', () => {
  it('should accept the seed content.imported sample as it came', () => {
    const parsed = parseWebhookDelivery(copyOf(SEED_CONTENT_IMPORTED));

    expect(parsed.events).toEqual(SEED_CONTENT_IMPORTED.events);
    expect(parsed.refused).toEqual([]);
  });

  it('should accept a numeric domain_id and a thread id carried on the resource, as in the seed intervention.closed', () => {
    expect(parseWebhookDelivery(copyOf(SEED_INTERVENTION_CLOSED)).events).toHaveLength(1);
  });

  it('should keep a thread event without a thread id (content.thread_closed is about the thread itself)', () => {
    const closed = event((e) => {
      e.type = 'content.thread_closed';
      delete (e.resource.metadata as Partial<SeedEvent['resource']['metadata']>).thread_id;
    });

    expect(parseWebhookDelivery(delivery(closed)).events).toEqual([closed]);
  });

  it('should keep the valid events of a delivery and report the others beside them', () => {
    const weekDate = event((e) => (e.issued_at = '2024-W01-1'));
    const dotId = event((e) => (e.resource.id = '..'));

    const parsed = parseWebhookDelivery(delivery(weekDate, event(), dotId));

    expect(parsed.events).toEqual([event()]);
    expect(parsed.refused).toEqual([
      {
        index: 0,
        problems: ['events[0].issued_at must be an RFC 3339 date-time (2024-01-01T10:00:00.000Z)'],
      },
      {
        index: 2,
        problems: [expect.stringMatching(/^events\[2\]\.resource\.id must be an RCED id/) as unknown],
      },
    ]);
  });

  it("should answer a customer's message holding NUL or a lone surrogate, with that text made storable", () => {
    const odd = event((e) => (e.resource.metadata.body = 'hello\u0000 \uD800world'));

    const [accepted] = parseWebhookDelivery(delivery(odd)).events;

    expect(accepted.resource.metadata.body).toBe('hello\uFFFD \uFFFDworld');
  });

  it.each([
    ['an id holding NUL', (e: SeedEvent) => (e.id = 'ev\u00001'), 'events[0].id must be an RCED id'],
    [
      'an id that changes a URL path',
      (e: SeedEvent) => (e.resource.metadata.thread_id = '.'),
      'thread_id must be',
    ],
    ['an id of 65 characters', (e: SeedEvent) => (e.id = 'a'.repeat(65)), 'events[0].id must be'],
    [
      'basic-format dates',
      (e: SeedEvent) => (e.issued_at = '20240101T000000Z'),
      'issued_at must be an RFC 3339',
    ],
    ['hour-only dates', (e: SeedEvent) => (e.issued_at = '2024-01-01T00Z'), 'issued_at must be an RFC 3339'],
  ])('should refuse %s, naming it', (_name, change, expected) => {
    expect(rejectionOf(delivery(event(change)))).toContain(expected);
  });

  it('should refuse metadata nested deeper than an event may, without overflowing the stack', () => {
    let nested: Record<string, unknown> = {};
    const deep = nested;
    for (let depth = 0; depth < 10_000; depth += 1) {
      nested.child = {};
      nested = nested.child as Record<string, unknown>;
    }

    expect(rejectionOf(delivery(event((e) => Object.assign(e.resource.metadata, { deep }))))).toContain(
      'nests deeper than 32 levels',
    );
  });

  it('should bound the envelope: ids as RCED ids, at most so many events', () => {
    expect(rejectionOf({ ...delivery(event()), id: 'x'.repeat(10_000) })).toBe(
      'id must be an RCED id (1 to 64 letters, digits, - or _)',
    );
    expect(rejectionOf(delivery(...Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, () => event())))).toBe(
      `events must hold at most ${MAX_EVENTS_PER_DELIVERY} events (it holds ${MAX_EVENTS_PER_DELIVERY + 1})`,
    );
    expect(rejectionOf({ id: 'a', domain_id: 'b' })).toBe('events must be a non-empty array');
  });

  it('should name the first ten problems of a delivery that holds no valid event, and count the rest', () => {
    const bad = Array.from({ length: 40 }, () => event((e) => (e.issued_at = 'yesterday')));

    const message = rejectionOf(delivery(...bad));

    expect(message.split('; ')).toHaveLength(11);
    expect(message).toMatch(/; and 30 more$/);
  });

  it.each([[null], [[]], ['text'], [42]])('should refuse a body that is not a JSON object: %p', (body) => {
    expect(rejectionOf(body)).toContain('JSON object');
  });
});
