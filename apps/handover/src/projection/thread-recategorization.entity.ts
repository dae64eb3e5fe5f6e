import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What our latest recategorization of a thread applied on RCED, and when: categories seen on events
 * issued before that are older news than our own call. Written when the call succeeds (live state,
 * not projection: replay does not rebuild it).
 */
@Entity({ name: 'thread_recategorization' })
export class ThreadRecategorizationRow {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'category_ids', type: 'text', array: true })
  categoryIds!: string[];

  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt!: Date;
}
