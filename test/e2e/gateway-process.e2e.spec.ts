import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pollUntil, testKafkaBrokers } from '../infra';
import { contentImportedEnvelope } from '../support/engage-webhooks';

const REPO = join(__dirname, '..', '..');
const SECRET = 'process-secret-value-42';
const VERIFY_TOKEN = 'process-verify-token-17';

interface GatewayProcess {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** Starts apps/gateway/src/main.ts as its own process, exactly as `node main.js` would, from source. */
function spawnGateway(env: Record<string, string>): GatewayProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gateway/src/main.ts'],
    {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', INTERNAL_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exit };
}

describe('Gateway process', () => {
  it('should refuse to start without KAFKA_BROKERS, naming it', async () => {
    const gateway = spawnGateway({ ENGAGE_VERIFY_TOKEN: VERIFY_TOKEN });

    expect(await gateway.exit).toBe(1);
    expect(gateway.output()).toContain('KAFKA_BROKERS');
    expect(gateway.output()).not.toContain('Nest application successfully started');
  });

  it('should refuse to start without a webhook secret, naming ENGAGE_WEBHOOK_SECRET', async () => {
    const gateway = spawnGateway({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ENGAGE_VERIFY_TOKEN: VERIFY_TOKEN,
      PORT: '0',
    });

    expect(await gateway.exit).toBe(1);
    expect(gateway.output()).toContain('ENGAGE_WEBHOOK_SECRET: must be set');
    expect(gateway.output()).not.toContain('Nest application successfully started');
    expect(gateway.output()).not.toContain(VERIFY_TOKEN);
  });

  it('should start without a secret only with ENGAGE_WEBHOOK_SECRET_DISABLED=true, and warn about it', async () => {
    const gateway = spawnGateway({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ENGAGE_VERIFY_TOKEN: VERIFY_TOKEN,
      ENGAGE_WEBHOOK_SECRET_DISABLED: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
    });
    try {
      await pollUntil(() => gateway.output().includes('Nest application successfully started'), {
        timeoutMs: 45_000,
        intervalMs: 250,
        description: 'the gateway process to start',
      });

      expect(gateway.output()).toContain(
        'ENGAGE_WEBHOOK_SECRET_DISABLED=true: webhooks are accepted WITHOUT checking X-Dimelo-Secret',
      );
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exit;
    }
  });

  it('should start, serve, keep secrets out of its logs, and stop cleanly on SIGTERM', async () => {
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const url = `http://127.0.0.1:${port}`;
    const gateway = spawnGateway({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ENGAGE_VERIFY_TOKEN: VERIFY_TOKEN,
      ENGAGE_WEBHOOK_SECRET: SECRET,
      PORT: port,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
    });
    try {
      await pollUntil(async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, {
        timeoutMs: 45_000,
        intervalMs: 250,
        description: 'the gateway process to be ready',
      });

      const handshake = await fetch(
        `${url}/webhooks/engage?hub.mode=subscribe&hub.challenge=ok&hub.verify_token=${VERIFY_TOKEN}`,
      );
      const post = (secret: string): Promise<Response> =>
        fetch(`${url}/webhooks/engage`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-dimelo-secret': secret,
            authorization: `Bearer ${SECRET}`,
          },
          body: JSON.stringify(contentImportedEnvelope()),
        });
      expect(handshake.status).toBe(200);
      expect((await post(SECRET)).status).toBe(200);
      expect((await post(`${SECRET}-wrong`)).status).toBe(401);
    } finally {
      gateway.child.kill('SIGTERM');
    }

    expect(await gateway.exit).toBe(0);
    expect(gateway.output()).toContain('POST /webhooks/engage 401');
    expect(gateway.output()).toContain('"url":"/health"');
    expect(gateway.output()).not.toContain(SECRET);
    expect(gateway.output()).not.toContain(VERIFY_TOKEN);
  });
});
