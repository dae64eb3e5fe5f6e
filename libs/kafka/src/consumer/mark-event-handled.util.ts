import { type EntityManager } from 'typeorm';
import { storableEventId } from './storable-text.util';

/**
 * Marks an event we produce ourselves as already applied by `consumer`: the deciding transaction
 * applied it, so when it comes back from Kafka the consumer skips it. Replay, in a fresh schema,
 * applies it from the log instead.
 */
export async function markEventHandled(
  manager: EntityManager,
  consumer: string,
  eventId: string,
  topic: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO processed_event (consumer, event_id, topic, partition, "offset") VALUES ($1, $2, $3, -1, -1)
     ON CONFLICT DO NOTHING`,
    [consumer, storableEventId(eventId), topic],
  );
}
