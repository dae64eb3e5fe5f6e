import 'reflect-metadata';
import { runApp } from '@handover/event-runtime';
import { startTracing } from '@handover/observability';
import { createAvailabilityPollerApp } from './availability-poller.app';
import { loadAvailabilityPollerConfig } from './config/availability-poller.config';

runApp({
  name: 'availability-poller',
  tracing: () => startTracing('availability-poller', process.env),
  consumes: false,
  async create() {
    const config = loadAvailabilityPollerConfig(process.env);
    return { app: await createAvailabilityPollerApp(config), port: config.app.PORT, host: config.app.HOST };
  },
});
