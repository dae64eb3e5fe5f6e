import { ApiProperty } from '@nestjs/swagger';

/** The command published on ops.commands.v1; handover applies it. */
export class EmergencySwitchAcceptedResponse {
  @ApiProperty({ description: 'the same for a retried request with the same Idempotency-Key' })
  command_id!: string;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ type: [String], nullable: true, description: 'null: every source' })
  source_ids!: string[] | null;

  @ApiProperty({ format: 'date-time' })
  issued_at!: string;
}
