import { type PendingEvent } from './platform-events';
import { type PlatformState, restDate } from './platform-state';
import { type Clock, type IdGenerator } from './platform.types';

export interface PlatformOptions {
  /** RCED refuses a reply unless the replied content is under an open intervention (§2.5). */
  strictReplies: boolean;
  /** `omit`: content events carry no `category_ids` (RingCentral's implementation sample has none). */
  eventCategoryIds?: 'include' | 'omit';
}

/** What every part of the model shares: the records, the clock, ids, options and the outbox. */
export class PlatformContext {
  constructor(
    readonly state: PlatformState,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    readonly options: PlatformOptions,
  ) {}

  newId(): string {
    return this.ids.next();
  }

  /** REST date of now. */
  now(): string {
    return restDate(this.clock());
  }

  emit(event: PendingEvent): void {
    this.state.outbox.push({ id: this.ids.next(), issued_at: this.clock().toISOString(), ...event });
  }

  get eventCategoryIds(): boolean {
    return this.options.eventCategoryIds !== 'omit';
  }
}
