import { type EntityManager } from 'typeorm';
import { type BatchScope } from './batch-scope';
import { type ConsumedRecord, parseJsonValue } from './consumed-record';
import { type AnyEventHandler, type EventContext } from './event-handler';

interface TopicRoute {
  contract: AnyEventHandler['contract'];
  handlers: Map<string, AnyEventHandler[]>;
}

/**
 * Routes each record to the handlers of its topic and event type, in the order they were given
 * (projectors before reactors), with its value parsed once by the topic's contract: a value that
 * breaks it throws InvalidEventError, and the record is parked at once.
 */
export class EventDispatcher {
  private readonly routes = new Map<string, TopicRoute>();

  constructor(handlers: readonly AnyEventHandler[]) {
    for (const handler of handlers) {
      const { contract } = handler;
      const route: TopicRoute = this.routes.get(contract.topic.name) ?? {
        contract,
        handlers: new Map<string, AnyEventHandler[]>(),
      };
      this.routes.set(contract.topic.name, route);
      for (const type of handler.types) {
        if (contract.eventTypes !== null && !contract.eventTypes.includes(type)) {
          throw new Error(`${handler.name} takes ${type}, which ${contract.topic.name} does not carry`);
        }
        route.handlers.set(type, [...(route.handlers.get(type) ?? []), handler]);
      }
    }
  }

  /** The topics some handler reads. */
  get topics(): string[] {
    return [...this.routes.keys()];
  }

  /** Whether some handler takes this record: the others are neither parsed nor claimed. */
  wants(record: ConsumedRecord): boolean {
    return (
      record.eventType !== null && this.routes.get(record.topic)?.handlers.has(record.eventType) === true
    );
  }

  dispatch(record: ConsumedRecord, manager: EntityManager, batch: BatchScope): Promise<void> | undefined {
    const route = this.routes.get(record.topic);
    const handlers = record.eventType === null ? undefined : route?.handlers.get(record.eventType);
    if (route === undefined || handlers === undefined || record.eventType === null) {
      return undefined;
    }
    const event = route.contract.parse(parseJsonValue(record.rawValue), record.eventType);
    return runFrom(handlers, 0, event, { record, manager, batch });
  }
}

/** Handlers one after the other; no promise at all while they return synchronously. */
function runFrom(
  handlers: readonly AnyEventHandler[],
  from: number,
  event: unknown,
  context: EventContext,
): Promise<void> | undefined {
  for (let index = from; index < handlers.length; index += 1) {
    const pending = handlers[index].handle(event, context);
    if (pending !== undefined) {
      return pending.then(() => runFrom(handlers, index + 1, event, context));
    }
  }
  return undefined;
}
