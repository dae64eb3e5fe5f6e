import 'reflect-metadata';
import { runApp } from '@handover/event-runtime';
import { createInterventionStatsApp } from './intervention-stats.app';
import { loadInterventionStatsConfig } from './config/intervention-stats.config';

runApp({
  name: 'intervention-stats',
  consumes: true,
  async create() {
    const config = loadInterventionStatsConfig(process.env);
    return { app: await createInterventionStatsApp(config), port: config.PORT, host: config.HOST };
  },
});
