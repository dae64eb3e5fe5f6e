import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the consumer apps' ops admin API answers (docs/operations.md), as the dashboard passes it on.

const INSTANT = { format: 'date-time' } as const;
const MAYBE_TEXT = { type: String, nullable: true } as const;
const ANY = { type: 'object', additionalProperties: true } as const;

/** A platform call given up on. */
export class OpsEffectSummaryResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ pattern: '^\\d+$' })
  seq!: string;

  @ApiProperty({ example: 'post_reply' })
  kind!: string;

  @ApiProperty({ description: 'its sequence key: the RCED thread id' })
  threadId!: string;

  @ApiProperty({ enum: ['pending', 'done', 'failed', 'discarded'] })
  status!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts!: number;

  @ApiProperty({ description: 'a call may have reached the platform' })
  outcomeUnknown!: boolean;

  @ApiProperty(MAYBE_TEXT)
  lastError!: string | null;

  @ApiProperty(INSTANT)
  createdAt!: string;

  @ApiProperty(INSTANT)
  updatedAt!: string;
}

export class OpsEffectDetailsResponse extends OpsEffectSummaryResponse {
  @ApiProperty(ANY)
  payload!: Record<string, unknown>;

  @ApiProperty({ ...ANY, nullable: true })
  result!: Record<string, unknown> | null;

  @ApiProperty(INSTANT)
  nextAttemptAt!: string;

  @ApiProperty({ ...MAYBE_TEXT, description: 'W3C traceparent of the trace it was recorded in' })
  traceParent!: string | null;
}

/** A record a consumer could not apply, set aside. */
export class OpsParkedRecordResponse {
  @ApiProperty({ description: '`<consumer>/<topic>/<partition>/<offset>`' })
  key!: string;

  @ApiProperty()
  consumer!: string;

  @ApiProperty()
  topic!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  partition!: number;

  @ApiProperty({ pattern: '^\\d+$' })
  offset!: string;

  @ApiProperty(MAYBE_TEXT)
  eventId!: string | null;

  @ApiProperty(MAYBE_TEXT)
  eventType!: string | null;

  @ApiProperty({ ...MAYBE_TEXT, description: "the record's key: the RCED thread id on the thread topics" })
  threadId!: string | null;

  @ApiProperty({ enum: ['invalid', 'failed'] })
  cause!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts!: number;

  @ApiProperty()
  valueKept!: boolean;

  @ApiProperty(INSTANT)
  parkedAt!: string;

  @ApiProperty({ enum: ['open', 'discarded', 'retried'] })
  state!: string;
}

/** An operator's retry or discard. */
export class OpsAuditEntryResponse {
  @ApiProperty({ pattern: '^\\d+$' })
  id!: string;

  @ApiProperty(INSTANT)
  at!: string;

  @ApiProperty()
  actor!: string;

  @ApiProperty({ enum: ['retry', 'discard'] })
  action!: string;

  @ApiProperty({ enum: ['effect', 'parked_record'] })
  targetKind!: string;

  @ApiProperty()
  targetId!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ ...ANY, nullable: true, description: 'the item before the action' })
  before!: Record<string, unknown> | null;

  @ApiProperty({ ...ANY, nullable: true, description: 'the item after it' })
  after!: Record<string, unknown> | null;
}

/** GET /dashboard/failures/{app}/{kind}/{id}: `effect` (kind effects) or `record` (kind parked), with its audit. */
export class FailureDetailResponse {
  @ApiPropertyOptional()
  effect?: OpsEffectDetailsResponse;

  @ApiPropertyOptional()
  record?: OpsParkedRecordResponse;

  @ApiProperty({ type: [OpsAuditEntryResponse] })
  audit!: OpsAuditEntryResponse[];
}
