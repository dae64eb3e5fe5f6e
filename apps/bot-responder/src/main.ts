import 'reflect-metadata';
import { runApp } from '@handover/event-runtime';
import { startTracing } from '@handover/observability';
import { createBotResponderApp } from './bot-responder.app';
import { loadBotResponderConfig } from './config/bot-responder.config';

runApp({
  name: 'bot-responder',
  tracing: () => startTracing('bot-responder', process.env),
  consumes: true,
  async create() {
    const config = loadBotResponderConfig(process.env);
    return { app: await createBotResponderApp(config), port: config.app.PORT, host: config.app.HOST };
  },
});
