import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The customer's side of a thread and its interventions (engage.events.v1 only). */
@Entity({ name: 'stats_thread_engage' })
@Index('stats_thread_engage_first_idx', ['firstCustomerAt'])
@Index('stats_thread_engage_source_idx', ['sourceId', 'firstCustomerAt'])
@Index('stats_thread_engage_last_idx', ['lastCustomerAt'])
export class ThreadEngageStats {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'first_customer_at', type: 'timestamptz', nullable: true })
  firstCustomerAt!: Date | null;

  @Column({ name: 'last_customer_at', type: 'timestamptz', nullable: true })
  lastCustomerAt!: Date | null;

  @Column({ name: 'customer_messages', type: 'int', default: 0 })
  customerMessages!: number;

  @Column({ name: 'interventions_opened', type: 'int', default: 0 })
  interventionsOpened!: number;

  @Column({ name: 'interventions_closed', type: 'int', default: 0 })
  interventionsClosed!: number;

  @Column({ name: 'interventions_reopened', type: 'int', default: 0 })
  interventionsReopened!: number;
}
