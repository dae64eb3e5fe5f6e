import { createServiceApp } from '@handover/observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type HandoverConfig } from './config/handover.config';
import { HandoverModule } from './handover.module';
import { type RunOptions } from '@handover/event-runtime';

/** Builds handover as production runs it (main.ts, tests and replay): health and metrics over HTTP, and its EventRuntime. */
export function createHandoverApp(
  config: HandoverConfig,
  run: RunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  return createServiceApp(HandoverModule.forRoot(config, run), {
    ...config.app,
    publicPort: config.app.PORT,
  });
}
