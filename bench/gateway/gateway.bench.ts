import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TOPICS } from '../../libs/contracts/src';
import { startKafka } from '../../test/infra';
import { type Bench } from '../lib/bench';
import { type FlagSpec, type ParsedFlags, parseFlags } from '../lib/bench-args';
import { BenchLifecycle } from '../lib/bench-lifecycle';
import { benchKafkaClient } from '../lib/kafka-client';
import { appEntry, ensureAppBuilt } from '../lib/app-build';
import { REPO_ROOT } from '../lib/repo-root';
import { type ServerSpec } from '../lib/server-process';
import { warmUpBroker } from './broker-warmup';
import { printGatewayReport } from './gateway.report';
import { type HttpPhaseOptions, runHttpPhase } from './http-server.phase';
import { runRawProducerPhase } from './raw-producer.phase';

const FLAGS = {
  connections: {
    kind: 'int',
    description: 'concurrent HTTP connections, and producer loops of baseline (b)',
    default: 64,
    min: 1,
    max: 5_000,
  },
  duration: { kind: 'int', description: 'seconds measured per run', default: 15, min: 1, max: 600 },
  warmup: {
    kind: 'int',
    description: 'seconds of unmeasured load before each run',
    default: 3,
    min: 0,
    max: 120,
  },
  rate: {
    kind: 'int',
    description: 'webhooks/s of the fixed-rate gateway runs',
    default: 1_000,
    min: 1,
    max: 100_000,
  },
  'broker-warmup': {
    kind: 'int',
    description: 'seconds of load on the broker before any run (0 for a broker already warm)',
    default: 20,
    min: 0,
    max: 300,
  },
  'gateway-node-options': {
    kind: 'string',
    description: 'extra node flags for the gateway, e.g. --gateway-node-options="--max-semi-space-size=8"',
    default: '',
  },
  'cpu-prof': {
    kind: 'boolean',
    description: 'write V8 CPU profiles of the gateway to test-artifacts/cpu-profiles',
  },
} satisfies Record<string, FlagSpec>;

export type GatewayBenchOptions = ParsedFlags<typeof FLAGS>;

export const gatewayBench: Bench = {
  flags: FLAGS,
  run: (args) => {
    const options = parseFlags(args, FLAGS);
    const lifecycle = new BenchLifecycle();
    // Build and broker start-up, then the broker warm-up and five runs, each with its own server.
    const deadlineMs =
      (300 + options['broker-warmup'] + 5 * (options.warmup + options.duration + 30)) * 1_000;
    return lifecycle.run(() => measure(options, args, lifecycle), deadlineMs);
  },
};

async function measure(
  options: GatewayBenchOptions,
  args: readonly string[],
  lifecycle: BenchLifecycle,
): Promise<number> {
  const secret = randomBytes(24).toString('base64url');
  const started = new Date();
  const build = await ensureAppBuilt(lifecycle, 'gateway');
  process.stderr.write(`• gateway build: ${build}\n`);

  const kafka = await startKafka();
  lifecycle.defer('stop Kafka', () => kafka.stop());
  const brokerPid = 'pid' in kafka && typeof kafka.pid === 'number' ? kafka.pid : undefined;
  process.stderr.write(`• Kafka: ${kafka.kind} broker at ${kafka.brokers.join(',')}\n`);
  const admin = benchKafkaClient(kafka.brokers, 'bench-admin').admin();
  await admin.connect();
  lifecycle.defer('disconnect Kafka admin', () => admin.disconnect());
  if (options['broker-warmup'] > 0) {
    process.stderr.write(`• warming the broker up for ${options['broker-warmup']} s\n`);
    await warmUpBroker({
      admin,
      brokers: kafka.brokers,
      concurrency: options.connections,
      seconds: options['broker-warmup'],
    });
  }

  const common = {
    connections: options.connections,
    warmupSec: options.warmup,
    durationSec: options.duration,
    secret,
    brokerPid,
  };
  const bareFastify = await runHttpPhase(lifecycle, {
    ...common,
    label: '(a) bare Fastify',
    generator: { kind: 'autocannon' },
    server: {
      name: 'bare Fastify baseline',
      nodeArgs: ['-r', 'ts-node/register/transpile-only', join(__dirname, 'bare-fastify.baseline.ts')],
      env: { ENGAGE_WEBHOOK_SECRET: secret },
      healthPath: '/health',
    },
  });
  const rawProducer = await runRawProducerPhase(lifecycle, {
    admin,
    brokers: kafka.brokers,
    concurrency: options.connections,
    warmupSec: options.warmup,
    durationSec: options.duration,
    brokerPid,
  });

  const gatewayRun = (label: string, profileName: string, generator: HttpPhaseOptions['generator']) =>
    runHttpPhase(lifecycle, {
      ...common,
      label,
      generator,
      server: gatewayServer(options, profileName, { brokers: kafka.brokers, secret }),
      kafka: { admin, topic: TOPICS.engageEvents.name },
    });
  const gateway = await gatewayRun('gateway', 'saturated', { kind: 'autocannon' });
  const gatewayAtRate = await gatewayRun(`gateway @ ${options.rate}/s`, `rate-${options.rate}`, {
    kind: 'autocannon',
    overallRate: options.rate,
  });
  const gatewayPaced = await gatewayRun(`gateway @ ${options.rate}/s paced`, `paced-${options.rate}`, {
    kind: 'paced',
    ratePerSec: options.rate,
  });

  const { lossFree } = printGatewayReport({
    options,
    args,
    started,
    kafkaKind: kafka.kind,
    brokers: kafka.brokers,
    gatewayBuild: build,
    bareFastify,
    rawProducer,
    gateway,
    gatewayAtRate,
    gatewayPaced,
  });
  return lossFree ? 0 : 1;
}

/** The built gateway started as production starts it (docker/Dockerfile: NODE_ENV=production, node main.js). */
function gatewayServer(
  options: GatewayBenchOptions,
  profileName: string,
  target: { brokers: string[]; secret: string },
): ServerSpec {
  const profiling = options['cpu-prof']
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(REPO_ROOT, 'test-artifacts', 'cpu-profiles')}`,
        `--cpu-prof-name=gateway-${profileName}.cpuprofile`,
      ]
    : [];
  const extra = options['gateway-node-options'].split(/\s+/).filter((flag) => flag !== '');
  return {
    name: `gateway (${profileName})`,
    nodeArgs: [...extra, ...profiling, appEntry('gateway')],
    env: {
      NODE_ENV: 'production',
      KAFKA_BROKERS: target.brokers.join(','),
      ENGAGE_WEBHOOK_SECRET: target.secret,
      ENGAGE_VERIFY_TOKEN: randomBytes(12).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    healthPath: '/health',
  };
}
