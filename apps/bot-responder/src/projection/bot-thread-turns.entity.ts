import { type TranscriptLine } from '@handover/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The bot's side of a thread, from its own decisions and reads (bot.events.v1 only). Apart from BotThread so
 * that replay, which applies the two topics concurrently, never has two transactions on one row.
 */
@Entity({ name: 'bot_thread_turns' })
export class BotThreadTurns {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'bot_turns', type: 'int', default: 0 })
  botTurns!: number;

  @Column({ name: 'consecutive_fallbacks', type: 'int', default: 0 })
  consecutiveFallbacks!: number;

  /** When the bot last asked for a handover (its decision's occurred_at). */
  @Column({ name: 'handover_requested_at', type: 'text', nullable: true })
  handoverRequestedAt!: string | null;

  @Column({ name: 'bot_lines', type: 'jsonb', default: () => "'[]'" })
  botLines!: TranscriptLine[];

  /** The thread's categories as bot-responder last read them from RCED (bot.thread_read), and when. */
  @Column({ name: 'read_category_ids', type: 'text', array: true, nullable: true })
  readCategoryIds!: string[] | null;

  @Column({ name: 'read_at', type: 'text', nullable: true })
  readAt!: string | null;

  /** When a read showed the thread without BOT. */
  @Column({ name: 'read_left_bot_at', type: 'text', nullable: true })
  readLeftBotAt!: string | null;
}
