import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { listenHttp } from '@handover/observability';
import { loadGatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const app = await createGatewayApp(config);
  // Close gracefully: stop accepting, finish in-flight webhooks, flush the producer, then exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await listenHttp(app, { port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  const reason =
    error instanceof ConfigValidationError ? error.message : error instanceof Error ? error.stack : error;
  process.stderr.write(`gateway failed to start: ${String(reason)}\n`);
  process.exit(1);
});
