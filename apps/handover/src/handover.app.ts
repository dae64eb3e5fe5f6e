import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { hardenHttp, httpServerOptions } from '@handover/observability';
import { type HandoverConfig } from './config/handover.config';
import { HandoverModule, type HandoverRunOptions } from './handover.module';
import { ConsumerRuntime } from './runtime/consumer.runtime';

/**
 * Builds handover as production runs it (main.ts and tests): an HTTP app for health and metrics,
 * with the batched Kafka consumer attached as its microservice.
 */
export async function createHandoverApp(
  config: HandoverConfig,
  run: HandoverRunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  const http = { ...config.app, publicPort: config.app.PORT };
  const app = await NestFactory.create<NestFastifyApplication>(
    HandoverModule.forRoot(config, run),
    new FastifyAdapter(httpServerOptions(http)),
    { bufferLogs: true },
  );
  hardenHttp(app, http);
  app.useLogger(app.get(Logger));
  app.connectMicroservice({ strategy: app.get(ConsumerRuntime).server });
  return app;
}
