import { type EntityManager } from 'typeorm';
import { queryWithPending } from '../database/write-behind';

/** SQL of the consumer's fence: checkpoints (STYLE.md rule 6) and the event-id dedupe set. */
export class CheckpointStore {
  constructor(private readonly consumer: string) {}

  /** Locks the partition's checkpoint row for this transaction; null when never checkpointed. */
  async lock(manager: EntityManager, topic: string, partition: number): Promise<bigint | null> {
    const rows: Array<{ next_offset: string }> = await manager.query(
      `SELECT next_offset FROM consumer_checkpoint WHERE consumer = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [this.consumer, topic, partition],
    );
    return rows.length > 0 ? BigInt(rows[0].next_offset) : null;
  }

  /**
   * lock() and claimEventIds() in one round trip, for a batch starting at `firstOffset`: the ids are
   * claimed only when the checkpoint is there or absent (`claimed` is then the ids that were new);
   * elsewhere nothing is claimed, `claimed` is undefined, and the caller goes the long way.
   */
  async lockAndClaim(
    manager: EntityManager,
    topic: string,
    partition: number,
    firstOffset: bigint,
    events: { readonly eventIds: readonly string[]; readonly offsets: readonly string[] },
  ): Promise<{ checkpoint: bigint | null; claimed: Set<string> | undefined }> {
    const rows: Array<{ next_offset: string | null; at_start: boolean; claimed: string[] }> =
      await manager.query(
        `WITH checkpoint AS (
         SELECT next_offset FROM consumer_checkpoint WHERE consumer = $1 AND topic = $2 AND partition = $3 FOR UPDATE
       ), at_start AS (
         SELECT NOT EXISTS (SELECT 1 FROM checkpoint WHERE next_offset <> $6) AS yes
       ), claimed AS (
         INSERT INTO processed_event (consumer, event_id, topic, partition, "offset")
         SELECT $1, e.event_id, $2, $3, e.off FROM unnest($4::text[], $5::bigint[]) AS e(event_id, off)
         WHERE (SELECT yes FROM at_start)
         ON CONFLICT DO NOTHING RETURNING event_id
       )
       SELECT (SELECT next_offset FROM checkpoint) AS next_offset, (SELECT yes FROM at_start) AS at_start,
              ARRAY(SELECT event_id FROM claimed) AS claimed`,
        [this.consumer, topic, partition, events.eventIds, events.offsets, firstOffset.toString()],
      );
    const row = rows[0];
    return {
      checkpoint: row.next_offset === null ? null : BigInt(row.next_offset),
      claimed: row.at_start ? new Set(row.claimed) : undefined,
    };
  }

  /** Compare-and-set: false when another instance moved the checkpoint since `expected` was read. */
  async advance(
    manager: EntityManager,
    topic: string,
    partition: number,
    expected: bigint | null,
    next: bigint,
  ): Promise<boolean> {
    const params = [this.consumer, topic, partition, next.toString()];
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not with the rows.
    const rows: Array<{ n: string }> =
      expected === null
        ? await queryWithPending(
            manager,
            `WITH inserted AS (
               INSERT INTO consumer_checkpoint (consumer, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING RETURNING 1)
             SELECT count(*) AS n FROM inserted`,
            params,
          )
        : await queryWithPending(
            manager,
            `WITH updated AS (
               UPDATE consumer_checkpoint SET next_offset = $4, updated_at = now()
               WHERE consumer = $1 AND topic = $2 AND partition = $3 AND next_offset = $5 RETURNING 1)
             SELECT count(*) AS n FROM updated`,
            [...params, expected.toString()],
          );
    return Number(rows[0].n) === 1;
  }

  /** Records the event ids (each at the offset of the same index) and returns those never applied before. */
  async claimEventIds(
    manager: EntityManager,
    topic: string,
    partition: number,
    events: { readonly eventIds: readonly string[]; readonly offsets: readonly string[] },
  ): Promise<Set<string>> {
    if (events.eventIds.length === 0) {
      return new Set();
    }
    const rows: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO processed_event (consumer, event_id, topic, partition, "offset")
       SELECT $1, e.event_id, $2, $3, e.off FROM unnest($4::text[], $5::bigint[]) AS e(event_id, off)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.consumer, topic, partition, events.eventIds, events.offsets],
    );
    return new Set(rows.map((row) => row.event_id));
  }

  async checkpoints(manager: EntityManager, topic: string): Promise<Map<number, bigint>> {
    const rows: Array<{ partition: number; next_offset: string }> = await manager.query(
      `SELECT partition, next_offset FROM consumer_checkpoint WHERE consumer = $1 AND topic = $2`,
      [this.consumer, topic],
    );
    return new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
  }
}
