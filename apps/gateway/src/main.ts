import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { listenHttp, startTracing } from '@handover/observability';
import { Logger } from '@nestjs/common';
import { loadGatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

async function main(): Promise<void> {
  // Before the app is built: its HTTP hooks are registered only when tracing is on.
  const tracing = startTracing('gateway', process.env);
  const config = loadGatewayConfig(process.env);
  const app = await createGatewayApp(config);
  new Logger('Tracing').log(tracing.summary);
  // Close gracefully: stop accepting, finish in-flight webhooks, flush the producer and the last
  // spans, then exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app
        .close()
        .then(() => tracing.shutdown())
        .then(
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
