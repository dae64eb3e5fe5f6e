import { Column, Entity, PrimaryColumn } from 'typeorm';

/** stats_series_minute's sums per UTC day: what `day` resolution reads (and the levels before a range). */
@Entity({ name: 'stats_series_day' })
export class SeriesDay {
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @PrimaryColumn({ type: 'text' })
  language!: string;

  @Column({ name: 'handover_requests', type: 'int' })
  handoverRequests!: number;

  @Column({ name: 'bot_replies', type: 'int' })
  botReplies!: number;

  @Column({ name: 'waiting_change', type: 'int' })
  waitingChange!: number;
}
