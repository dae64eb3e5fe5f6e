import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { type GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { registerWebhookRequestHooks } from './webhooks/webhook-request.hooks';
import { WebhookMetrics } from './webhooks/webhook.metrics';

/** Builds the gateway exactly as production runs it; main.ts and the tests both start it here. */
export async function createGatewayApp(config: Readonly<GatewayConfig>): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: config.WEBHOOK_BODY_LIMIT_BYTES }),
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  announceAdminApi(config);
  registerWebhookRequestHooks(app.getHttpAdapter().getInstance(), {
    secret: config.ENGAGE_WEBHOOK_SECRET,
    metrics: app.get(WebhookMetrics),
  });
  return app;
}

/** Says whether the admin API is mounted; never the token. */
function announceAdminApi(config: Readonly<GatewayConfig>): void {
  const logger = new NestLogger('AdminApi');
  if (config.GATEWAY_ADMIN_TOKEN === undefined) {
    logger.log('GATEWAY_ADMIN_TOKEN is not set: the admin API (POST /admin/emergency) is not mounted');
  } else {
    logger.log('Admin API mounted: POST /admin/emergency, bearer token from GATEWAY_ADMIN_TOKEN');
  }
}
