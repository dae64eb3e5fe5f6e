import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A watched source's channel (GET /content_sources/:id), re-read once per agent cache TTL. */
@Entity({ name: 'source_channel' })
export class SourceChannelRow {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @Column({ name: 'channel_id', type: 'text' })
  channelId!: string;

  @Column({ name: 'resolved_at', type: 'timestamptz' })
  resolvedAt!: Date;
}
