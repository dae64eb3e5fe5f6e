// Starts Kafka and Postgres for development and leaves them running; `npm run infra:down` stops them.
// stdout carries exactly the two variables (`eval "$(npm run -s infra:up)"`); everything else goes to stderr.
import { describeError } from '../test/infra/poll-until.util';
import {
  type InfraState,
  infraEnvLines,
  infraStateIsAlive,
  readInfraState,
  removeInfraState,
  writeInfraState,
} from '../test/infra/infra-state';
import { provisionKafka } from '../test/infra/kafka';
import { LocalKafkaBroker } from '../test/infra/local-kafka-broker';
import { provisionPostgres } from '../test/infra/postgres';
import { stopRecordedInfra } from './infra-down';

async function main(): Promise<void> {
  const existing = readInfraState();
  if (existing) {
    if (await infraStateIsAlive(existing)) {
      process.stderr.write('Already running (per .infra/state.json); nothing started.\n');
      process.stdout.write(infraEnvLines(existing));
      return;
    }
    process.stderr.write('.infra/state.json is stale: cleaning up what it recorded first.\n');
    await stopRecordedInfra(existing);
    removeInfraState();
  }
  // Containers must outlive this process, so testcontainers' reaper must not watch them.
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const startedAt = Date.now();
  const [kafka, postgres] = await Promise.allSettled([
    provisionKafka({ detached: true }),
    provisionPostgres(),
  ]);
  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    await Promise.allSettled([
      kafka.status === 'fulfilled' ? kafka.value.stop() : undefined,
      postgres.status === 'fulfilled' ? postgres.value.stop() : undefined,
    ]);
    throw kafka.status === 'rejected' ? kafka.reason : (postgres as PromiseRejectedResult).reason;
  }
  const state: InfraState = {
    kafka:
      kafka.value instanceof LocalKafkaBroker
        ? {
            kind: 'local',
            brokers: kafka.value.brokers,
            pid: kafka.value.pid ?? 0,
            dataDir: kafka.value.dataDir,
          }
        : { kind: 'container', brokers: kafka.value.brokers, containerId: kafka.value.containerId },
    postgres:
      'containerId' in postgres.value
        ? { kind: 'container', url: postgres.value.url, containerId: postgres.value.containerId }
        : { kind: 'local', url: postgres.value.url },
    startedAt: new Date().toISOString(),
  };
  writeInfraState(state);
  process.stderr.write(
    `Started Kafka (${state.kafka.kind}) and Postgres (${state.postgres.kind}) in ${Date.now() - startedAt} ms; ` +
      'stop them with `npm run infra:down`.\n',
  );
  process.stdout.write(infraEnvLines(state));
}

main().then(
  // Library handles (Docker sockets, timers) must not keep the shell waiting.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `infra:up failed: ${error instanceof Error ? (error.stack ?? error.message) : describeError(error)}\n`,
    );
    process.exit(1);
  },
);
