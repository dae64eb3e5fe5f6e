import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { hardenHttp, httpServerOptions } from '@handover/observability';
import { BotResponderModule, type BotResponderRunOptions } from './bot-responder.module';
import { type BotResponderConfig } from './config/bot-responder.config';
import { ConsumerRuntime } from './runtime/consumer.runtime';

/**
 * Builds bot-responder as production runs it (main.ts, tests and replay): an HTTP app for health
 * and metrics, with the batched Kafka consumer attached as its microservice.
 */
export async function createBotResponderApp(
  config: BotResponderConfig,
  run: BotResponderRunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  const http = { ...config.app, publicPort: config.app.PORT };
  const app = await NestFactory.create<NestFastifyApplication>(
    BotResponderModule.forRoot(config, run),
    new FastifyAdapter(httpServerOptions(http)),
    { bufferLogs: true },
  );
  hardenHttp(app, http);
  app.useLogger(app.get(Logger));
  app.connectMicroservice({ strategy: app.get(ConsumerRuntime).server });
  return app;
}
