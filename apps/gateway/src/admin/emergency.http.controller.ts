import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';
import { parseEmergencyRequest } from './emergency-request.parser';
import { EmergencySwitchService } from './emergency-switch.service';
import { parseIdempotencyKey } from './idempotency-key.parser';

export interface EmergencySwitchAccepted {
  command_id: string;
  active: boolean;
  source_ids: string[] | null;
  issued_at: string;
}

/** The emergency switch for operators; mounted only when GATEWAY_ADMIN_TOKEN is set (see GatewayModule). */
@Controller('admin/emergency')
@UseGuards(AdminTokenGuard)
export class EmergencyHttpController {
  constructor(private readonly emergency: EmergencySwitchService) {}

  @Post()
  @HttpCode(202)
  async switch(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<EmergencySwitchAccepted> {
    const request = parseEmergencyRequest(body);
    const origin = {
      idempotencyKey: parseIdempotencyKey(idempotencyKey),
      freshId: randomUUID(),
      issuedAt: new Date(),
    };
    const command = await this.emergency.switch(request, origin);
    return {
      command_id: command.command_id,
      active: command.active,
      source_ids: command.source_ids,
      issued_at: command.issued_at,
    };
  }
}
