import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { hardenHttp, httpServerOptions, mountAdminApi, traceHttpRoutes } from '@handover/observability';
import { gatewayAdminTokens } from './config/admin-tokens.util';
import { type GatewayConfig, webhookSecrets } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { WEBHOOK_ROUTE, registerWebhookRequestHooks } from './webhooks/webhook-request.hooks';
import { WebhookMetrics } from './webhooks/webhook.metrics';

/** Builds the gateway exactly as production runs it; main.ts and the tests both start it here. */
export async function createGatewayApp(config: Readonly<GatewayConfig>): Promise<NestFastifyApplication> {
  const http = { ...config, publicPort: config.PORT };
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(config),
    new FastifyAdapter(httpServerOptions(http, { bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES })),
    { bufferLogs: true, bodyParser: false },
  );
  hardenHttp(app, http);
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Before the hooks that refuse requests, so a 401 is traced too. The admin API's callers are
  // ours (the dashboard): their trace is continued; RCED's webhooks start one.
  traceHttpRoutes(fastify, [
    { method: 'POST', url: WEBHOOK_ROUTE },
    { method: 'POST', url: '/admin/emergency', continueTrace: true },
  ]);
  mountAdminApi(app, gatewayAdminTokens(config) ?? [], {
    routes: 'POST /admin/emergency',
    unset: 'Neither GATEWAY_ADMIN_TOKENS nor GATEWAY_ADMIN_TOKEN is set',
  });
  announceWebhookSecret(config);
  registerWebhookRequestHooks(fastify, {
    secrets: webhookSecrets(config),
    metrics: app.get(WebhookMetrics),
  });
  return app;
}

function announceWebhookSecret(config: Readonly<GatewayConfig>): void {
  if (config.ENGAGE_WEBHOOK_SECRET_DISABLED) {
    new NestLogger('WebhookRequests').warn(
      'ENGAGE_WEBHOOK_SECRET_DISABLED=true: webhooks are accepted WITHOUT checking X-Dimelo-Secret; anyone who reaches this port can post conversations. Local tries only: set ENGAGE_WEBHOOK_SECRET.',
    );
  }
}
