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
  /** Each record parsed once, whether wants() or dispatch() asks first. */
  private readonly parsed = new WeakMap<ConsumedRecord, { event: unknown } | { error: unknown }>();

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

  /**
   * Whether some handler takes this record: the others are neither claimed nor given a
   * transaction. A value that breaks its contract is wanted, so that dispatch parks it.
   */
  wants(record: ConsumedRecord): boolean {
    const handlers = this.handlersOf(record);
    if (handlers === undefined) {
      return false;
    }
    if (handlers.some((handler) => handler.takes === undefined)) {
      return true;
    }
    const parsed = this.parse(record);
    return !('event' in parsed) || handlers.some((handler) => handler.takes?.(parsed.event) === true);
  }

  dispatch(record: ConsumedRecord, manager: EntityManager, batch: BatchScope): Promise<void> | undefined {
    const handlers = this.handlersOf(record);
    if (handlers === undefined) {
      return undefined;
    }
    const parsed = this.parse(record);
    if (!('event' in parsed)) {
      throw parsed.error;
    }
    const { event } = parsed;
    const taking = handlers.filter((handler) => handler.takes === undefined || handler.takes(event));
    return runFrom(taking, 0, event, { record, manager, batch });
  }

  private handlersOf(record: ConsumedRecord): readonly AnyEventHandler[] | undefined {
    return record.eventType === null
      ? undefined
      : this.routes.get(record.topic)?.handlers.get(record.eventType);
  }

  private parse(record: ConsumedRecord): { event: unknown } | { error: unknown } {
    let parsed = this.parsed.get(record);
    if (parsed === undefined) {
      const contract = this.routes.get(record.topic)?.contract;
      try {
        parsed = { event: contract?.parse(parseJsonValue(record.rawValue), record.eventType ?? '') };
      } catch (error) {
        parsed = { error };
      }
      this.parsed.set(record, parsed);
    }
    return parsed;
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
