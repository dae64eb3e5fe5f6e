import { createServiceApp } from '@handover/observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type HandoverConfig } from './config/handover.config';
import { HandoverModule } from './handover.module';
import { mountOpsAdminApi, type RunOptions } from '@handover/event-runtime';

/**
 * Builds handover as production runs it (main.ts, tests and replay): health, metrics and the ops
 * admin API over HTTP, and its EventRuntime.
 */
export async function createHandoverApp(
  config: HandoverConfig,
  run: RunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(HandoverModule.forRoot(config, run), {
    ...config.app,
    publicPort: config.app.PORT,
  });
  mountOpsAdminApi(app, config.app);
  return app;
}
