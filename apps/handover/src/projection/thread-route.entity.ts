import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { type PendingRequest } from '../routing/routing-state';

/** Who holds a thread, as handover's own decisions left it (handover.events.v1 only). */
@Entity({ name: 'thread_route' })
@Index('thread_route_waiting_idx', ['sourceId', 'waitingSince'], { where: `route = 'WAITING'` })
@Index('thread_route_handover_idx', ['sourceId', 'lastHandoverAt'])
export class ThreadRouteRow {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  /** BOT, WAITING or AGENT. */
  @Column({ type: 'text' })
  route!: string;

  @Column({ name: 'sent_category_ids', type: 'text', array: true, nullable: true })
  sentCategoryIds!: string[] | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** FIFO order of the waiting queue of its source. */
  @Column({ name: 'waiting_since', type: 'timestamptz', nullable: true })
  waitingSince!: Date | null;

  /** When the waiting customer was last told they wait: reminders are rate-limited from it. */
  @Column({ name: 'noticed_at', type: 'timestamptz', nullable: true })
  noticedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  request!: PendingRequest | null;

  @Column({ name: 'handover_times', type: 'jsonb', default: () => "'[]'" })
  handoverTimes!: string[];

  @Column({ name: 'last_handover_at', type: 'timestamptz', nullable: true })
  lastHandoverAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  closed!: boolean;
}
