import 'reflect-metadata';
import { runApp } from '@handover/event-runtime';
import { startTracing } from '@handover/observability';
import { createHandoverApp } from './handover.app';
import { loadHandoverConfig } from './config/handover.config';

runApp({
  name: 'handover',
  tracing: () => startTracing('handover', process.env),
  consumes: true,
  async create() {
    const config = loadHandoverConfig(process.env);
    return { app: await createHandoverApp(config), port: config.app.PORT, host: config.app.HOST };
  },
});
