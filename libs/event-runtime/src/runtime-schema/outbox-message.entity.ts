import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event to publish, written in the transaction that decided it; the relay publishes rows in id
 * order and marks them sent, so per-key order holds across crashes.
 */
@Entity({ name: 'outbox_message' })
@Index('outbox_message_unsent_idx', ['id'], { where: 'sent_at IS NULL' })
@Index('outbox_message_sent_idx', ['sentAt'], { where: 'sent_at IS NOT NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('text')
  topic!: string;

  @Column('text')
  key!: string;

  /** The record value, byte for byte as it will be published. */
  @Column('text')
  value!: string;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
