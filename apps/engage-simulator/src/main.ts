import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { listenHttp } from '@handover/observability';
import { loadSimulatorConfig } from './config/simulator.config';
import { createSimulatorApp } from './simulator.app';

async function main(): Promise<void> {
  const config = loadSimulatorConfig(process.env);
  const app = await createSimulatorApp(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await listenHttp(app, { port: config.SIMULATOR_PORT, host: config.SIMULATOR_HOST });
}

main().catch((error: unknown) => {
  const reason =
    error instanceof ConfigValidationError ? error.message : error instanceof Error ? error.stack : error;
  process.stderr.write(`engage-simulator failed to start: ${String(reason)}\n`);
  process.exit(1);
});
