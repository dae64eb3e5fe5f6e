import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createServiceApp, serveApiDocs } from '@handover/observability';
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
      .setDescription(
        'Analytics over the bot ⇄ agent handover; every metric is defined in docs/metrics.md. ' +
          'For supervisors: signed in to the dashboard (its session cookie), or a DASHBOARD_USERS token as bearer.',
      )
      .setVersion(String(PROJECTION_VERSION))
      .addBearerAuth({
        type: 'http',
        bearerFormat: 'opaque token',
        description: 'a token of DASHBOARD_USERS',
      })
      .build(),
  );
  // Swagger UI at /docs for a browser, the document at /docs/json and /docs/yaml (and at /docs for
  // scripts), on the public port beside the API it describes.
  serveApiDocs(app, document, { port: 'public' });
  return app;
}
