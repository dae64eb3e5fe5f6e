import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import { adminActorOf, requestTraceContext } from '@handover/observability';
import { type FastifyRequest } from 'fastify';
import { parseEmergencyRequest } from './emergency-request.parser';
import { EmergencySwitchService } from './emergency-switch.service';
import { parseIdempotencyKey } from './idempotency-key.parser';

export interface EmergencySwitchAccepted {
  command_id: string;
  active: boolean;
  source_ids: string[] | null;
  issued_at: string;
}

/**
 * The emergency switch for operators; mounted only when an admin token is set (see GatewayModule),
 * served on the internal port, authenticated before the body is read (registerAdminRequestHooks, @handover/observability).
 */
@Controller('admin/emergency')
export class EmergencyHttpController {
  constructor(private readonly emergency: EmergencySwitchService) {}

  @Post()
  @HttpCode(202)
  async switch(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() http: FastifyRequest,
  ): Promise<EmergencySwitchAccepted> {
    const actor = adminActorOf(http);
    if (actor === undefined) {
      throw new UnauthorizedException('Missing or invalid admin token');
    }
    const request = { ...parseEmergencyRequest(body), actor };
    const origin = {
      idempotencyKey: parseIdempotencyKey(idempotencyKey),
      freshId: randomUUID(),
      issuedAt: new Date(),
    };
    const command = await this.emergency.switch(request, origin, requestTraceContext(http));
    return {
      command_id: command.command_id,
      active: command.active,
      source_ids: command.source_ids,
      issued_at: command.issued_at,
    };
  }
}
