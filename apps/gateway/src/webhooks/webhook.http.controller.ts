import { requestTraceContext } from '@handover/observability';
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { answerHandshake } from './webhook-handshake';
import { WebhookIngestService, type WebhookReceipt } from './webhook-ingest.service';

/** Where RCED's webhooks enter. The secret and media type are checked before parsing (webhook-request.hooks.ts). */
@Controller('webhooks/engage')
export class WebhookHttpController {
  constructor(
    private readonly ingest: WebhookIngestService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  verify(@Query() query: Record<string, unknown>): string {
    return answerHandshake(query, this.config.ENGAGE_VERIFY_TOKEN);
  }

  @Post()
  @HttpCode(200)
  receive(@Body() body: unknown, @Req() request: FastifyRequest): Promise<WebhookReceipt> {
    return this.ingest.ingest(body, new Date(), requestTraceContext(request));
  }
}
