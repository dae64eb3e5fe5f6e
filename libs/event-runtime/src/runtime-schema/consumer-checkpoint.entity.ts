import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a consumer resumes: the next offset to apply, per topic partition (STYLE.md rule 6). */
@Entity({ name: 'consumer_checkpoint' })
export class ConsumerCheckpoint {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn('text')
  topic!: string;

  @PrimaryColumn('int')
  partition!: number;

  /** Offset + 1 of the last record applied; bigint, so TypeORM reads it as a string. */
  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
