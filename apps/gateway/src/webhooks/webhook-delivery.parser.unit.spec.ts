import { BadRequestException } from '@nestjs/common';
import { SEED_CONTENT_IMPORTED, SEED_INTERVENTION_CLOSED, copyOf } from '../../../../test/fixtures';
import { parseWebhookEnvelope } from './webhook-envelope.parser';

function rejectionOf(body: unknown): string {
  try {
    parseWebhookEnvelope(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error('expected the envelope to be refused');
}

describe('parseWebhookEnvelope', () => {
  it('should accept the seed content.imported sample and return it untouched', () => {
    const body = copyOf(SEED_CONTENT_IMPORTED);

    const envelope = parseWebhookEnvelope(body);

    expect(envelope).toBe(body);
    expect(envelope).toEqual(SEED_CONTENT_IMPORTED);
  });

  it('should accept a numeric domain_id and a thread id carried on the resource, as in the seed intervention.closed', () => {
    expect(() => parseWebhookEnvelope(copyOf(SEED_INTERVENTION_CLOSED))).not.toThrow();
  });

  it('should accept an unknown event type without a thread id', () => {
    const body = copyOf(SEED_CONTENT_IMPORTED);
    body.events[0].type = 'push_agent.availability_change';
    delete (body.events[0].resource.metadata as Partial<(typeof body.events)[0]['resource']['metadata']>)
      .thread_id;

    expect(() => parseWebhookEnvelope(body)).not.toThrow();
  });

  it('should name the missing thread id when a content event has none', () => {
    const body = copyOf(SEED_CONTENT_IMPORTED);
    delete (body.events[0].resource.metadata as Partial<(typeof body.events)[0]['resource']['metadata']>)
      .thread_id;

    expect(rejectionOf(body)).toBe(
      'events[0].resource.metadata.thread_id is required for content.imported events',
    );
  });

  it.each([
    ['events', { id: 'a', domain_id: 'b' }, 'events should not be empty'],
    [
      'events[0].issued_at',
      withEvent({ issued_at: 'yesterday' }),
      'events[0].issued_at must be a valid ISO 8601',
    ],
    [
      'events[0].resource.id',
      withEvent({ resource: { type: 't', id: '', metadata: {} } }),
      'events[0].resource.id',
    ],
    [
      'events[0].resource.metadata',
      withEvent({ resource: { type: 't', id: 'r' } }),
      'events[0].resource.metadata',
    ],
    [
      'domain_id',
      { id: 'a', domain_id: null, events: [] },
      'domain_id must be a non-empty string or a number',
    ],
  ])('should name %s when it is invalid', (_field, body, expected) => {
    expect(rejectionOf(body)).toContain(expected);
  });

  it.each([[null], [[]], ['text'], [42]])('should refuse a body that is not a JSON object: %p', (body) => {
    expect(rejectionOf(body)).toContain('JSON object');
  });
});

function withEvent(overrides: Record<string, unknown>): unknown {
  const body = copyOf(SEED_CONTENT_IMPORTED);
  Object.assign(body.events[0], overrides);
  return body;
}
