import { type ReplyTarget } from '@handover/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What RCED last said about a thread (engage.events.v1 only): categories, intervention, language. */
@Entity({ name: 'thread_facts' })
@Index('thread_facts_activity_idx', ['lastActivityAt'])
export class ThreadFactsRow {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  @Column({ name: 'category_ids', type: 'text', array: true, nullable: true })
  categoryIds!: string[] | null;

  /** `issued_at` of the newest fact applied; older facts do not overwrite (RCED may reorder). */
  @Column({ name: 'facts_at', type: 'timestamptz', nullable: true })
  factsAt!: Date | null;

  @Column({ name: 'intervention_id', type: 'text', nullable: true })
  interventionId!: string | null;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'last_customer_content_id', type: 'text', nullable: true })
  lastCustomerContentId!: string | null;

  /** How to answer the customer's last message (ReplyTarget): waiting notices reply to it. */
  @Column({ name: 'last_customer_reply', type: 'jsonb', nullable: true })
  lastCustomerReply!: ReplyTarget | null;

  /** The newest event time seen on the thread, whatever its order: the emergency's lookback reads it. */
  @Column({ name: 'last_activity_at', type: 'timestamptz' })
  lastActivityAt!: Date;
}
