import 'reflect-metadata';
import { runApp } from '@handover/event-runtime';
import { startTracing } from '@handover/observability';
import { createInterventionStatsApp } from './intervention-stats.app';
import { loadInterventionStatsConfig } from './config/intervention-stats.config';

runApp({
  name: 'intervention-stats',
  tracing: () => startTracing('intervention-stats', process.env),
  consumes: true,
  async create() {
    const config = loadInterventionStatsConfig(process.env);
    return { app: await createInterventionStatsApp(config), port: config.PORT, host: config.HOST };
  },
});
