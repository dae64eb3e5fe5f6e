import { TOPICS, RECORD_HEADERS } from '../../libs/contracts/src';
import { type Kafka } from 'kafkajs';
import { type EndOffsets, readToEnd } from './topic-reader.util';

/**
 * When the gateway received each content's webhook (its received-at header on engage.events.v1),
 * per content id: the start of "webhook accepted → reply received". Read once after the load, off
 * the clock.
 */
export async function gatewayReceivedAt(kafka: Kafka, ends: EndOffsets): Promise<Map<string, number>> {
  const engageEnds = Object.fromEntries(
    Object.entries(ends).filter(([key]) => key.startsWith(`${TOPICS.engageEvents.name}/`)),
  );
  const received = new Map<string, number>();
  await readToEnd(kafka, engageEnds, (batch) => {
    for (const message of batch.messages) {
      const header = message.headers?.[RECORD_HEADERS.receivedAt];
      const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as {
        type?: string;
        resource?: { id?: string };
      } | null;
      if (header && event?.type === 'content.imported' && event.resource?.id) {
        const at = Date.parse(header.toString());
        received.set(event.resource.id, Math.min(received.get(event.resource.id) ?? at, at));
      }
    }
  });
  return received;
}
