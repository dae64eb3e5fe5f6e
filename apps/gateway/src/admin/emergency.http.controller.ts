import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ACTING_FOR_HEADER, adminActorOf, requestTraceContext } from '@handover/observability';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { EmergencyRequestDto } from './emergency-request.dto';
import { parseEmergencyRequest } from './emergency-request.parser';
import { EmergencySwitchAcceptedResponse } from './emergency-switch.response';
import { EmergencySwitchService } from './emergency-switch.service';
import { parseIdempotencyKey } from './idempotency-key.parser';

/**
 * The emergency switch for operators; mounted only when an admin token is set (see GatewayModule),
 * served on the internal port, authenticated before the body is read (registerAdminRequestHooks, @handover/observability).
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/emergency')
export class EmergencyHttpController {
  constructor(private readonly emergency: EmergencySwitchService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Switch the emergency handover on or off, for every source or some (internal port): publishes ' +
      'emergency.switched on ops.commands.v1, which handover applies',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1 to 255 printable ASCII characters: a retried request keeps its command_id',
  })
  @ApiHeader({
    name: ACTING_FOR_HEADER,
    required: false,
    description:
      'On whose behalf a trusted caller switches (1 to 64 of A-Z a-z 0-9 . _ @ -): the actor is then ' +
      '`<token name>:<X-Acting-For>`',
  })
  @ApiBody({ type: EmergencyRequestDto })
  @ApiAcceptedResponse({ type: EmergencySwitchAcceptedResponse, description: 'Kafka holds the command' })
  @ApiBadRequestResponse({
    description:
      'A field is missing, unknown (actor included) or invalid, or a header is; the message names it',
  })
  @ApiUnauthorizedResponse({
    description: 'No bearer token of GATEWAY_ADMIN_TOKENS (or GATEWAY_ADMIN_TOKEN)',
  })
  @ApiServiceUnavailableResponse({ description: 'Kafka did not acknowledge the command: retry' })
  async switch(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() http: FastifyRequest,
  ): Promise<EmergencySwitchAcceptedResponse> {
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
