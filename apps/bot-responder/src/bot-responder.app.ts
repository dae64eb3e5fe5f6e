import { createServiceApp } from '@handover/observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BotResponderModule } from './bot-responder.module';
import { type RunOptions } from '@handover/event-runtime';
import { type BotResponderConfig } from './config/bot-responder.config';

/** Builds bot-responder as production runs it (main.ts, tests and replay): health and metrics over HTTP, and its EventRuntime. */
export function createBotResponderApp(
  config: BotResponderConfig,
  run: RunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  return createServiceApp(BotResponderModule.forRoot(config, run), {
    ...config.app,
    publicPort: config.app.PORT,
  });
}
