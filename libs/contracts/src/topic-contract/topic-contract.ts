import { type TopicDeclaration } from '../topics';
import { InvalidEventError } from './invalid-event.error';

/** A record to produce: always keyed (per-key order), value already serialized. */
export interface EventRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TopicContractSpec<E> {
  readonly topic: TopicDeclaration;
  /** The `event-type` header values the topic carries; null: any type its source platform sends. */
  readonly eventTypes: readonly string[] | null;
  /** The value's problems as an event of `eventType`, each naming its field; empty when it holds. */
  problems(value: unknown, eventType: string): string[];
  /** `receivedAt`: when the system took the event in (the `received-at` header), where it matters. */
  record(event: E, receivedAt?: string): EventRecord;
}

/**
 * What a topic carries, in one place: its event types, the one check of a value (used by the
 * producer before it publishes, by every consumer before it applies, by replay and by the AsyncAPI
 * check), and the one way to build a record.
 */
export interface TopicContract<E> extends TopicContractSpec<E> {
  /** The event, or InvalidEventError naming what breaks the contract (an unknown type included). */
  parse(value: unknown, eventType: string): E;
}

export function defineTopicContract<E>(spec: TopicContractSpec<E>): TopicContract<E> {
  return {
    ...spec,
    parse(value, eventType) {
      const carried = spec.eventTypes === null || spec.eventTypes.includes(eventType);
      const problems = carried
        ? spec.problems(value, eventType)
        : [`event type "${eventType}" is not carried by ${spec.topic.name}`];
      if (problems.length > 0) {
        throw new InvalidEventError(problems);
      }
      return value as E;
    },
  };
}
