import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A customer message that came without `category_ids` on a thread whose categories are not known:
 * it waits here while its read of the thread runs as an effect, and is decided when `bot.thread_read`
 * comes back. Live state of the decision, not projection: replay does not rebuild it.
 */
@Entity({ name: 'bot_pending_turn' })
@Index('bot_pending_turn_thread_idx', ['threadId'])
export class BotPendingTurn {
  @PrimaryColumn({ name: 'content_id', type: 'text' })
  contentId!: string;

  @Column({ name: 'thread_id', type: 'text' })
  threadId!: string;

  /** The ContentFact, as it was decided on. */
  @Column({ type: 'jsonb' })
  fact!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
