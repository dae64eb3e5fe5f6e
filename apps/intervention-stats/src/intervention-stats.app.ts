import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { type InterventionStatsConfig } from './config/intervention-stats.config';
import { InterventionStatsModule, type InterventionStatsRunOptions } from './intervention-stats.module';
import { ConsumerRuntime } from './runtime/consumer.runtime';

/**
 * Builds intervention-stats as production runs it (main.ts, tests and replay): the analytics HTTP
 * API, health and metrics, with the batched Kafka consumer attached as its microservice.
 */
export async function createInterventionStatsApp(
  config: InterventionStatsConfig,
  run: InterventionStatsRunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    InterventionStatsModule.forRoot(config, run),
    new FastifyAdapter(),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.connectMicroservice({ strategy: app.get(ConsumerRuntime).server });
  return app;
}
