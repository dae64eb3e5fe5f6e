import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One decision per customer message: the proof it was answered, and what was answered. */
@Entity({ name: 'bot_decision' })
export class BotDecision {
  @PrimaryColumn({ name: 'content_id', type: 'text' })
  contentId!: string;

  @Column({ name: 'thread_id', type: 'text' })
  threadId!: string;

  /** The bot event type that recorded it: bot.replied, bot.resolved or bot.handover_requested. */
  @Column('text')
  kind!: string;

  @Column({ type: 'text', nullable: true })
  intent!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column('text')
  language!: string;

  @Column({ name: 'occurred_at', type: 'text' })
  occurredAt!: string;
}
