import { ApiProperty } from '@nestjs/swagger';
import { type AuditEntryView } from './emergency-audit.repository';

const MAYBE_INSTANT = { type: String, format: 'date-time', nullable: true } as const;

/** One emergency switch asked for from the dashboard, and what became of it. */
export class AuditEntryResponse implements AuditEntryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  requested_at!: string;

  @ApiProperty({ description: 'the signed-in supervisor who switched' })
  supervisor!: string;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: [String], nullable: true, description: 'null: every source' })
  source_ids!: string[] | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty({
    enum: ['pending', 'accepted', 'failed', 'timed_out'],
    description: "the gateway's answer; pending until it came",
  })
  outcome!: AuditEntryView['outcome'];

  @ApiProperty({ type: String, nullable: true, description: "the gateway's command, once accepted" })
  command_id!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'why the gateway did not accept' })
  detail!: string | null;

  @ApiProperty(MAYBE_INSTANT)
  answered_at!: string | null;

  @ApiProperty({ ...MAYBE_INSTANT, description: 'when handover applied the command' })
  applied_at!: string | null;
}

/** GET /dashboard/audit: the latest 20, newest first. */
export class DashboardAuditResponse {
  @ApiProperty({ type: [AuditEntryResponse] })
  entries!: AuditEntryResponse[];
}
