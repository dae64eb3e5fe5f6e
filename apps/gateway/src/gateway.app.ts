import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import {
  hardenHttp,
  httpServerOptions,
  mountAdminApi,
  serveApiDocs,
  traceHttpRoutes,
} from '@handover/observability';
import { gatewayAdminTokens } from './config/admin-tokens.util';
import { type GatewayConfig, webhookSecrets } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { WEBHOOK_ROUTE, registerWebhookRequestHooks } from './webhooks/webhook-request.hooks';
import { WebhookMetrics } from './webhooks/webhook.metrics';
import { WEBHOOK_SECRET_SCHEME } from './webhooks/webhook.http.controller';

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
  // On the internal port only: the public one faces RCED and the Internet, and the document
  // describes the admin API (when mounted).
  serveApiDocs(app, apiDocument(app), { port: 'internal' });
  return app;
}

function apiDocument(app: NestFastifyApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('handover — gateway')
      .setDescription(
        'Where RCED’s webhooks enter, and the operators’ emergency switch. Served on the internal port ' +
          '(INTERNAL_PORT, default 9000), with /admin/* and /metrics; /webhooks/engage, /chat-trigger.js and ' +
          '/health answer on the public PORT (default 3000). Routes that are not mounted (no admin token, ' +
          'no CHAT_TRIGGER_ID) are not listed.',
      )
      .addBearerAuth({
        type: 'http',
        bearerFormat: 'opaque token',
        description: 'a token of GATEWAY_ADMIN_TOKENS (or GATEWAY_ADMIN_TOKEN)',
      })
      .addSecurity(WEBHOOK_SECRET_SCHEME, { type: 'apiKey', in: 'header', name: 'X-Dimelo-Secret' })
      .build(),
  );
}

function announceWebhookSecret(config: Readonly<GatewayConfig>): void {
  if (config.ENGAGE_WEBHOOK_SECRET_DISABLED) {
    new NestLogger('WebhookRequests').warn(
      'ENGAGE_WEBHOOK_SECRET_DISABLED=true: webhooks are accepted WITHOUT checking X-Dimelo-Secret; anyone who reaches this port can post conversations. Local tries only: set ENGAGE_WEBHOOK_SECRET.',
    );
  }
}
