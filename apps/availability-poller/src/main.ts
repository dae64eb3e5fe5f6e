import 'reflect-metadata';
import { runApp } from '@handover/event-runtime';
import { createAvailabilityPollerApp } from './availability-poller.app';
import { loadAvailabilityPollerConfig } from './config/availability-poller.config';

runApp({
  name: 'availability-poller',
  consumes: false,
  async create() {
    const config = loadAvailabilityPollerConfig(process.env);
    return { app: await createAvailabilityPollerApp(config), port: config.app.PORT, host: config.app.HOST };
  },
});
