import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What handover decided about a thread that matters to the bot (handover.events.v1 only): when it
 * gave the thread back without a recategorization (a WAITING thread whose wait ended), so the bot
 * speaks again. Its own table: one writer topic per row (see BotThreadTurns).
 */
@Entity({ name: 'bot_thread_routing' })
export class BotThreadRouting {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'returned_to_bot_at', type: 'text', nullable: true })
  returnedToBotAt!: string | null;

  /** When handover last recategorized the thread: categories known before are stale. */
  @Column({ name: 'moved_at', type: 'text', nullable: true })
  movedAt!: string | null;
}
