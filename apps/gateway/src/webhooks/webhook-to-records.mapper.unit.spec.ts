import { RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { SEED_CONTENT_IMPORTED, SEED_INTERVENTION_CLOSED, copyOf } from '../../../../test/fixtures';
import { parseWebhookDelivery } from './webhook-delivery.parser';
import { webhookToRecords } from './webhook-to-records.mapper';

const RECEIVED_AT = new Date('2026-11-23T10:00:00.000Z');

describe('webhookToRecords', () => {
  it('should key the record by thread id and carry the event with its envelope id and domain id', () => {
    const [record] = webhookToRecords(parseWebhookDelivery(copyOf(SEED_CONTENT_IMPORTED)), RECEIVED_AT);

    expect(record.topic).toBe(TOPICS.engageEvents.name);
    expect(record.key).toBe('5be5ae57d6cb009bde8e5674');
    expect(JSON.parse(record.value)).toEqual({
      ...SEED_CONTENT_IMPORTED.events[0],
      envelope_id: '1e047f0fc947a3da736a65b2',
      domain_id: '582af25a799fc247acfcde38',
    });
    expect(record.headers).toEqual({
      [RECORD_HEADERS.eventType]: 'content.imported',
      [RECORD_HEADERS.eventId]: '5be5aeffe203116daf064709',
      [RECORD_HEADERS.schemaVersion]: '1',
      [RECORD_HEADERS.receivedAt]: '2026-11-23T10:00:00.000Z',
    });
  });

  it('should key by the resource thread id where the seed intervention.closed sample puts it', () => {
    const [record] = webhookToRecords(parseWebhookDelivery(copyOf(SEED_INTERVENTION_CLOSED)), RECEIVED_AT);

    expect(record.key).toBe('565739986b65795289000029');
    expect(JSON.parse(record.value)).toMatchObject({ domain_id: 1 });
  });

  it('should key by the resource id when the event has no thread', () => {
    const body = copyOf(SEED_CONTENT_IMPORTED);
    body.events[0].type = 'push_agent.connected';
    body.events[0].resource = { type: 'agent', id: 'agent-7', metadata: {} } as never;

    const [record] = webhookToRecords(parseWebhookDelivery(body), RECEIVED_AT);

    expect(record.key).toBe('agent-7');
  });

  it('should keep the envelope order, one record per event', () => {
    const body = copyOf(SEED_CONTENT_IMPORTED);
    body.events = ['a', 'b', 'c'].map((id) => ({ ...body.events[0], id }));

    const records = webhookToRecords(parseWebhookDelivery(body), RECEIVED_AT);

    expect(records.map((r) => r.headers[RECORD_HEADERS.eventId])).toEqual(['a', 'b', 'c']);
  });
});
