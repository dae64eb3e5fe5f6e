import { createServiceApp } from '@handover/observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BotResponderModule } from './bot-responder.module';
import { mountOpsAdminApi, type RunOptions } from '@handover/event-runtime';
import { type BotResponderConfig } from './config/bot-responder.config';

/**
 * Builds bot-responder as production runs it (main.ts, tests and replay): health, metrics and the
 * ops admin API over HTTP, and its EventRuntime.
 */
export async function createBotResponderApp(
  config: BotResponderConfig,
  run: RunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(BotResponderModule.forRoot(config, run), {
    ...config.app,
    publicPort: config.app.PORT,
  });
  mountOpsAdminApi(app, config.app);
  return app;
}
