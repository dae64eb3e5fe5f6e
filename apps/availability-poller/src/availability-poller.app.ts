import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { hardenHttp, httpServerOptions } from '@handover/observability';
import { AvailabilityPollerModule, type AvailabilityPollerRunOptions } from './availability-poller.module';
import { type AvailabilityPollerConfig } from './config/availability-poller.config';

/**
 * Builds availability-poller as production runs it (main.ts and tests): an HTTP app for health and
 * metrics whose poll timer starts when the app is initialised (listen or init).
 */
export async function createAvailabilityPollerApp(
  config: AvailabilityPollerConfig,
  run: AvailabilityPollerRunOptions = {},
): Promise<NestFastifyApplication> {
  const http = { ...config.app, publicPort: config.app.PORT };
  const app = await NestFactory.create<NestFastifyApplication>(
    AvailabilityPollerModule.forRoot(config, run),
    new FastifyAdapter(httpServerOptions(http)),
    { bufferLogs: true },
  );
  hardenHttp(app, http);
  app.useLogger(app.get(Logger));
  return app;
}
