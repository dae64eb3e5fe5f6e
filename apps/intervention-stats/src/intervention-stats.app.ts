import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createServiceApp } from '@handover/observability';
import { type InterventionStatsConfig } from './config/intervention-stats.config';
import { InterventionStatsModule } from './intervention-stats.module';
import { mountOpsAdminApi, type RunOptions } from '@handover/event-runtime';
import { PROJECTION_VERSION } from './projection';

/**
 * Builds intervention-stats as production runs it (main.ts, tests and replay): the analytics HTTP
 * API, health, metrics and the ops admin API, and its EventRuntime.
 */
export async function createInterventionStatsApp(
  config: InterventionStatsConfig,
  run: RunOptions = { mode: 'live' },
): Promise<NestFastifyApplication> {
  const app = await createServiceApp(InterventionStatsModule.forRoot(config, run), {
    ...config,
    publicPort: config.PORT,
  });
  mountOpsAdminApi(app, config);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('handover — intervention statistics')
      .setDescription('Analytics over the bot ⇄ agent handover; every metric is defined in docs/metrics.md.')
      .setVersion(String(PROJECTION_VERSION))
      .build(),
  );
  // The document itself, as JSON at /docs and YAML at /docs/yaml. Swagger UI is left out: it needs
  // @fastify/static, whose current major requires an ESM-only glob that Jest on Node 20 cannot load
  // (ADR 0001); paste the URL into any OpenAPI viewer.
  SwaggerModule.setup('docs', app, document, {
    ui: false,
    jsonDocumentUrl: 'docs',
    yamlDocumentUrl: 'docs/yaml',
  });
  return app;
}
