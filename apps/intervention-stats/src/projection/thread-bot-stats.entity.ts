import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the bot did in a thread (bot.events.v1 only). */
@Entity({ name: 'stats_thread_bot' })
export class ThreadBotStats {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'first_bot_at', type: 'timestamptz', nullable: true })
  firstBotAt!: Date | null;

  @Column({ name: 'bot_turns', type: 'int', default: 0 })
  botTurns!: number;

  @Column({ type: 'int', default: 0 })
  fallbacks!: number;

  @Column({ name: 'first_resolved_at', type: 'timestamptz', nullable: true })
  firstResolvedAt!: Date | null;

  @Column({ name: 'first_handover_request_at', type: 'timestamptz', nullable: true })
  firstHandoverRequestAt!: Date | null;

  @Column({ name: 'handover_reason', type: 'text', nullable: true })
  handoverReason!: string | null;
}
