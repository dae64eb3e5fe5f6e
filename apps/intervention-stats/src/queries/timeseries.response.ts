import { ApiProperty } from '@nestjs/swagger';
import { RESOLUTIONS, type Resolution } from '../projection/time-series.evolve';

/** One bucket; docs/metrics.md, "Time series", defines each figure. */
export class TimeseriesPoint {
  @ApiProperty({ format: 'date-time', description: 'Start of the bucket (a UTC minute, or a UTC day)' })
  at!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Threads waiting for an agent (route WAITING) at the end of the bucket',
  })
  waiting_threads!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'Available agents at the end of the bucket (each source’s latest poll), summed over sources unless ' +
      'source_id is given; null before any poll is known. The language filter does not apply',
  })
  available_agents!: number | null;

  @ApiProperty({
    type: 'integer',
    description: 'Handover requests of the bot (bot.handover_requested) in the bucket',
  })
  handover_requests!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Replies of the bot (bot.replied, bot.resolved) in the bucket',
  })
  bot_replies!: number;
}

export class TimeseriesResponse {
  @ApiProperty({ format: 'date-time', description: 'The range asked for, as read' })
  from!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Excluded: the last bucket is the last one starting before it',
  })
  to!: string;

  @ApiProperty({ enum: RESOLUTIONS })
  resolution!: Resolution;

  @ApiProperty({ type: String, nullable: true })
  source_id!: string | null;

  @ApiProperty({ type: String, nullable: true })
  language!: string | null;

  @ApiProperty({
    type: [TimeseriesPoint],
    description: 'One per bucket, from `from` floored to its bucket up to `to`; counts zero-filled',
  })
  points!: TimeseriesPoint[];
}
