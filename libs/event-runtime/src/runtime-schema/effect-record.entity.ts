import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/** `discarded`: given up by an operator (npm run ops); like `failed`, never claimed again. */
export type EffectStatus = 'pending' | 'done' | 'failed' | 'discarded';

/**
 * One call to the platform, recorded in the transaction that decided it. The id is deterministic
 * (`reply:<content id>`), so deciding twice records it once.
 */
@Entity({ name: 'effect' })
@Index('effect_due_idx', ['nextAttemptAt'], { where: "status = 'pending'" })
// The claim walks pending effects in recording order and stops at its limit: without this index it
// sorts the whole backlog on every claim, and a backlog makes every claim slower.
@Index('effect_pending_seq_idx', ['seq'], { where: "status = 'pending'" })
@Index('effect_settled_idx', ['updatedAt'], { where: "status <> 'pending'" })
@Index('effect_sequence_idx', ['sequenceKey', 'seq'], { where: "status = 'pending'" })
export class EffectRecord {
  @PrimaryColumn('text')
  id!: string;

  /** Effects sharing a sequence key (a thread) run one at a time, in recording order. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column('text')
  kind!: string;

  @Column({ name: 'sequence_key', type: 'text' })
  sequenceKey!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status!: EffectStatus;

  /** Its share of the platform quota (see PlatformQuota): `low` waits behind the reserve for `high`. */
  @Column({ type: 'text', default: 'high' })
  priority!: 'high' | 'low';

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** An attempt may have been applied by the platform: reconcile before sending again. */
  @Column({ name: 'outcome_unknown', type: 'boolean', default: false })
  outcomeUnknown!: boolean;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result!: Record<string, unknown> | null;

  /** W3C traceparent of the span that recorded it (tracing on): the worker's call is traced beneath it. */
  @Column({ name: 'trace_parent', type: 'text', nullable: true })
  traceParent!: string | null;

  @Column({ name: 'trace_state', type: 'text', nullable: true })
  traceState!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
