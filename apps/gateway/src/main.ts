import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { loadGatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const app = await createGatewayApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  const reason = error instanceof ConfigValidationError ? error.message : error instanceof Error ? error.stack : error;
  process.stderr.write(`gateway failed to start: ${String(reason)}\n`);
  process.exit(1);
});
