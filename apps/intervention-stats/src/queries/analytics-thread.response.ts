import { ApiProperty } from '@nestjs/swagger';

const COUNT = { type: 'integer', minimum: 0 } as const;
const INSTANT = { type: String, format: 'date-time' } as const;
const MAYBE_INSTANT = { ...INSTANT, nullable: true } as const;
const MAYBE_TEXT = { type: String, nullable: true } as const;
// Postgres bigint and numeric columns, which the driver gives as text so as to lose no digit.
const DECIMAL_MS = { type: String, nullable: true, pattern: '^-?\\d+(\\.\\d+)?$' } as const;

/** One conversation's row of the view thread_stats (docs/metrics.md, "Tables and views"). */
export class ThreadStatsResponse {
  @ApiProperty()
  thread_id!: string;

  @ApiProperty(MAYBE_TEXT)
  source_id!: string | null;

  @ApiProperty(MAYBE_TEXT)
  language!: string | null;

  @ApiProperty({ ...INSTANT, description: "the customer's first message" })
  first_customer_at!: string;

  @ApiProperty({ ...INSTANT, description: "midnight (UTC) of first_customer_at's day" })
  day!: string;

  @ApiProperty(COUNT)
  customer_messages!: number;

  @ApiProperty(COUNT)
  bot_turns!: number;

  @ApiProperty(COUNT)
  fallbacks!: number;

  @ApiProperty(MAYBE_INSTANT)
  first_bot_at!: string | null;

  @ApiProperty(MAYBE_INSTANT)
  first_resolved_at!: string | null;

  @ApiProperty(MAYBE_INSTANT)
  first_handover_request_at!: string | null;

  @ApiProperty({ ...MAYBE_TEXT, description: 'explicit, fallbacks, intent, bot_error or emergency' })
  handover_reason!: string | null;

  @ApiProperty(MAYBE_INSTANT)
  first_queued_at!: string | null;

  @ApiProperty(MAYBE_INSTANT)
  first_handed_over_at!: string | null;

  @ApiProperty(MAYBE_TEXT)
  handover_trigger!: string | null;

  @ApiProperty({ ...DECIMAL_MS, description: 'milliseconds waited in the queue before the first handover' })
  waited_ms!: string | null;

  @ApiProperty(COUNT)
  handovers!: number;

  @ApiProperty(COUNT)
  returns_to_bot!: number;

  @ApiProperty({ description: 'who holds it now: BOT, WAITING, AGENT…' })
  route!: string;

  @ApiProperty(COUNT)
  interventions_closed!: number;

  @ApiProperty(COUNT)
  interventions_reopened!: number;

  @ApiProperty({ ...DECIMAL_MS, description: 'milliseconds' })
  time_to_first_bot_ms!: string | null;

  @ApiProperty({ ...DECIMAL_MS, description: 'milliseconds' })
  time_to_handover_ms!: string | null;

  @ApiProperty({ enum: ['handed_over', 'waiting', 'resolved_by_bot', 'with_bot'] })
  outcome!: string;
}

/** One event of the thread, from any topic: a few of its fields in `detail`. */
export class TimelineEntryResponse {
  @ApiProperty(INSTANT)
  at!: string;

  @ApiProperty({ example: 'bot.events.v1' })
  topic!: string;

  @ApiProperty({ example: 'bot.replied' })
  type!: string;

  @ApiProperty()
  event_id!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  detail!: Record<string, unknown>;
}

/** GET /analytics/threads/{threadId}. */
export class AnalyticsThreadResponse {
  @ApiProperty({
    type: ThreadStatsResponse,
    nullable: true,
    description: 'null while the thread is no conversation yet (docs/metrics.md, "What is counted")',
  })
  thread!: ThreadStatsResponse | null;

  @ApiProperty({ type: [TimelineEntryResponse], description: 'in time order' })
  timeline!: TimelineEntryResponse[];
}
