import { type TopicContract } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type BatchScope } from './batch-scope';
import { type ConsumedRecord } from './consumed-record';

/** What a handler gets with each event: its record, and the batch transaction it writes through. */
export interface EventContext {
  readonly record: ConsumedRecord;
  readonly manager: EntityManager;
  /** Shared by the handlers of the batch (see BatchScope). */
  readonly batch: BatchScope;
}

/**
 * Handles some event types of one topic, inside the batch's transaction. The same shape plays two
 * roles, by the list an app puts it in (EventRuntimeSpec):
 * - a **projector** moves state from facts; it runs live and on replay;
 * - a **reactor** decides: it records effects, outbox rows and the decision's own state in the same
 *   transaction; it runs live only, after the record's projectors, so it sees their writes.
 * An app's own decisions come back on its topic: their projector (`ownDecisions`) runs on replay
 * only, as the reactor applied each decision when it made it. So no handler asks "am I replaying?".
 * A handler with nothing to wait for returns undefined: the batch loop then awaits nothing.
 */
export interface EventHandler<E = never> {
  /** For logs and errors. */
  readonly name: string;
  /** Its topic's contract, which parses every record before any handler sees it. */
  readonly contract: Pick<TopicContract<unknown>, 'topic' | 'eventTypes' | 'parse'>;
  /** The event types it takes (so `E` is the contract's events of these types): each one must be carried by the contract. */
  readonly types: readonly string[];
  handle(event: E, context: EventContext): Promise<void> | void;
  /**
   * Whether this event concerns the handler at all, decided in memory before any transaction
   * (pure and cheap). A record that no handler takes is passed by like one of a type nobody reads:
   * not claimed, no transaction. Absent: every event of its types concerns it.
   */
  takes?(event: E): boolean;
}

/** Any handler, whatever its event type (lists of handlers of several topics). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventHandler = EventHandler<any>;
