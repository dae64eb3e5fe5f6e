import { listenHttp } from '@handover/observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret';
export const TEST_VERIFY_TOKEN = 'test-verify-token';
/** The gateway admin API's bearer token in tests (24+ characters, as the config requires). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface RunningGateway {
  /** The public port: webhooks, chat trigger, health. */
  readonly url: string;
  /** The internal port: /metrics and /admin/* (ADR 0009). */
  readonly internalUrl: string;
  readonly app: NestFastifyApplication;
  postWebhook(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The real gateway (same factory and listen as main.ts) on two free loopback ports, public and internal. */
export async function startGateway(
  brokers: readonly string[],
  env: Record<string, string> = {},
): Promise<RunningGateway> {
  const config = loadGatewayConfig({
    KAFKA_BROKERS: brokers.join(','),
    ENGAGE_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
    ENGAGE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createGatewayApp(config);
  const { url, internalUrl } = await listenHttp(app, { port: 0, host: '127.0.0.1' }, { internalPort: 0 });
  return {
    url,
    internalUrl,
    app,
    postWebhook: (body, headers = {}) =>
      fetch(`${url}/webhooks/engage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dimelo-secret': TEST_WEBHOOK_SECRET, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () => app.close(),
  };
}
