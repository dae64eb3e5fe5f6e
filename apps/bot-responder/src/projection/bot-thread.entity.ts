import { type TranscriptLine } from '@handover/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What RCED told us about one thread (engage.events.v1 only; the bot's side is BotThreadTurns). */
@Entity({ name: 'bot_thread' })
export class BotThread {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  @Column({ name: 'category_ids', type: 'text', array: true, default: () => "'{}'" })
  categoryIds!: string[];

  /** issued_at of the event that gave `category_ids`. */
  @Column({ name: 'categories_at', type: 'text', nullable: true })
  categoriesAt!: string | null;

  /** issued_at of an event saying the categories changed without saying to what. */
  @Column({ name: 'categories_stale_at', type: 'text', nullable: true })
  categoriesStaleAt!: string | null;

  @Column({ name: 'intervention_id', type: 'text', nullable: true })
  interventionId!: string | null;

  /** The agent or bot user holding the open intervention. */
  @Column({ name: 'owner_user_id', type: 'text', nullable: true })
  ownerUserId!: string | null;

  /** issued_at of the latest fact showing the thread without the BOT category. */
  @Column({ name: 'left_bot_at', type: 'text', nullable: true })
  leftBotAt!: string | null;

  @Column({ name: 'last_customer_content_id', type: 'text', nullable: true })
  lastCustomerContentId!: string | null;

  /** issued_at of the latest RCED fact applied: older (out-of-order) facts do not overwrite. */
  @Column({ name: 'last_fact_at', type: 'text', nullable: true })
  lastFactAt!: string | null;

  @Column({ name: 'customer_lines', type: 'jsonb', default: () => "'[]'" })
  customerLines!: TranscriptLine[];
}
