import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { createInterventionStatsApp } from './intervention-stats.app';
import { loadInterventionStatsConfig } from './config/intervention-stats.config';

async function main(): Promise<void> {
  const config = loadInterventionStatsConfig(process.env);
  const app = await createInterventionStatsApp(config);
  // Stop consuming first, let in-flight platform calls finish, flush the outbox producer, exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  // HTTP first: liveness answers while the consumer waits to join its group (up to a session timeout
  // after a crash), and readiness (/health) tells the two apart.
  await app.listen({ port: config.PORT, host: config.HOST });
  await app.startAllMicroservices();
}

main().catch((error: unknown) => {
  const reason =
    error instanceof ConfigValidationError ? error.message : error instanceof Error ? error.stack : error;
  process.stderr.write(`intervention-stats failed to start: ${String(reason)}\n`);
  process.exit(1);
});
