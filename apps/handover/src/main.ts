import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { createHandoverApp } from './handover.app';
import { loadHandoverConfig } from './config/handover.config';

async function main(): Promise<void> {
  const config = loadHandoverConfig(process.env);
  const app = await createHandoverApp(config);
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
  await app.listen({ port: config.app.PORT, host: config.app.HOST });
  await app.startAllMicroservices();
}

main().catch((error: unknown) => {
  const reason =
    error instanceof ConfigValidationError ? error.message : error instanceof Error ? error.stack : error;
  process.stderr.write(`handover failed to start: ${String(reason)}\n`);
  process.exit(1);
});
