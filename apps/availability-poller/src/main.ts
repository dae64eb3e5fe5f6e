import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { createAvailabilityPollerApp } from './availability-poller.app';
import { loadAvailabilityPollerConfig } from './config/availability-poller.config';

async function main(): Promise<void> {
  const config = loadAvailabilityPollerConfig(process.env);
  const app = await createAvailabilityPollerApp(config);
  // Stop the timer, let the poll in flight commit, relay its events, exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  // listen() initialises the app (schema, migrations, topics) and starts the timer; a poll never
  // blocks HTTP, so /health/live answers while Engage or the budget holds a poll back.
  await app.listen({ port: config.app.PORT, host: config.app.HOST });
}

main().catch((error: unknown) => {
  const reason =
    error instanceof ConfigValidationError ? error.message : error instanceof Error ? error.stack : error;
  process.stderr.write(`availability-poller failed to start: ${String(reason)}\n`);
  process.exit(1);
});
