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
  registerWebhookRequestHooks(app.getHttpAdapter().getInstance(), {
    secret: config.ENGAGE_WEBHOOK_SECRET,
    metrics: app.get(WebhookMetrics),
  });
  return app;
}
