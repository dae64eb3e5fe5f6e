import { requestTraceContext } from '@handover/observability';
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { WebhookDeliveryRequest } from './webhook-delivery.request';
import { answerHandshake } from './webhook-handshake';
import { WebhookIngestService, type WebhookReceipt } from './webhook-ingest.service';
import { WebhookReceiptResponse } from './webhook-receipt.response';

/** The security scheme of the gateway's document that stands for X-Dimelo-Secret. */
export const WEBHOOK_SECRET_SCHEME = 'webhook-secret';

/** Where RCED's webhooks enter. The secret and media type are checked before parsing (webhook-request.hooks.ts). */
@ApiTags('webhooks')
@Controller('webhooks/engage')
export class WebhookHttpController {
  constructor(
    private readonly ingest: WebhookIngestService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "RCED's verification of the webhook (public port): the bare hub.challenge when the verify token is " +
      'ENGAGE_VERIFY_TOKEN',
  })
  @ApiQuery({ name: 'hub.mode', enum: ['subscribe'] })
  @ApiQuery({ name: 'hub.challenge', type: String })
  @ApiQuery({ name: 'hub.verify_token', type: String })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'hub.challenge, as given',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({
    description: 'A parameter is missing or given twice, or hub.mode is not subscribe',
  })
  @ApiForbiddenResponse({ description: 'hub.verify_token is not ENGAGE_VERIFY_TOKEN' })
  @Header('Content-Type', 'text/plain; charset=utf-8')
  verify(@Query() query: Record<string, unknown>): string {
    return answerHandshake(query, this.config.ENGAGE_VERIFY_TOKEN);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "RCED's events (public port): each valid one published on engage.events.v1, keyed by its thread; " +
      'answered once Kafka holds them all (RCED retries any other answer)',
  })
  @ApiSecurity(WEBHOOK_SECRET_SCHEME)
  @ApiBody({ type: WebhookDeliveryRequest })
  @ApiOkResponse({ type: WebhookReceiptResponse, description: 'Every valid event is in Kafka' })
  @ApiBadRequestResponse({ description: 'No event is valid; the message names the first 10 problems' })
  @ApiUnauthorizedResponse({ description: 'X-Dimelo-Secret is missing or not ENGAGE_WEBHOOK_SECRET(S)' })
  @ApiPayloadTooLargeResponse({
    description: 'Over the body limit, or more than one Kafka batch could ever hold',
  })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not application/json' })
  @ApiServiceUnavailableResponse({ description: 'Kafka did not acknowledge in time: RCED delivers again' })
  receive(@Body() body: unknown, @Req() request: FastifyRequest): Promise<WebhookReceipt> {
    return this.ingest.ingest(body, new Date(), requestTraceContext(request));
  }
}
