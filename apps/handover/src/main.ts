import 'reflect-metadata';
import { runApp } from '@handover/event-runtime';
import { createHandoverApp } from './handover.app';
import { loadHandoverConfig } from './config/handover.config';

runApp({
  name: 'handover',
  consumes: true,
  async create() {
    const config = loadHandoverConfig(process.env);
    return { app: await createHandoverApp(config), port: config.app.PORT, host: config.app.HOST };
  },
});
