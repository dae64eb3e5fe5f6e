import { infraPreference } from './docker-engine.util';
import { type KafkaHandle, type PostgresHandle } from './infra-handles';
import { infraStateIsAlive, readInfraState } from './infra-state';
import { startKafka } from './kafka';
import { startPostgres } from './postgres';

/** Handles of what this run started, for global-teardown.ts (same process as the setup). */
export interface StartedInfra {
  kafka?: KafkaHandle;
  postgres?: PostgresHandle;
}

const KEY = Symbol.for('handover.test-infra');

export function startedInfra(): StartedInfra {
  const holder = globalThis as typeof globalThis & { [KEY]?: StartedInfra };
  holder[KEY] ??= {};
  return holder[KEY];
}

/**
 * One Kafka broker and one Postgres server for the whole run, handed to the test workers through
 * KAFKA_BROKERS and DATABASE_URL (workers are forked after this and inherit the environment).
 */
export default async function globalSetup(): Promise<void> {
  if (infraPreference() === 'none' || onlyUnitProjectSelected(process.argv)) {
    return;
  }
  await adoptRunningInfra();
  const started = startedInfra();
  const [kafka, postgres] = await Promise.allSettled([startKafka(), startPostgres()]);
  if (kafka.status === 'fulfilled') {
    started.kafka = kafka.value;
  }
  if (postgres.status === 'fulfilled') {
    started.postgres = postgres.value;
  }
  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    await Promise.allSettled([started.kafka?.stop(), started.postgres?.stop()]);
    throw kafka.status === 'rejected' ? kafka.reason : (postgres as PromiseRejectedResult).reason;
  }
  process.env.KAFKA_BROKERS = kafka.value.brokers.join(',');
  process.env.DATABASE_URL = postgres.value.url;
  if (kafka.value.kind !== 'external' || postgres.value.kind !== 'external') {
    process.stderr.write(
      `\nTest infrastructure: Kafka ${kafka.value.kind} at ${process.env.KAFKA_BROKERS}, ` +
        `Postgres ${postgres.value.kind} at ${postgres.value.url}\n`,
    );
  }
}

/** Reuses what `npm run infra:up` left running; variables the caller set explicitly win. */
async function adoptRunningInfra(): Promise<void> {
  const state = readInfraState();
  if (!state) {
    return;
  }
  if (!(await infraStateIsAlive(state))) {
    process.stderr.write(
      '\n.infra/state.json is stale (its broker or database does not answer): ignoring it\n',
    );
    return;
  }
  process.stderr.write('\nTest infrastructure: reusing what `npm run infra:up` started\n');
  process.env.KAFKA_BROKERS ??= state.kafka.brokers.join(',');
  process.env.DATABASE_URL ??= state.postgres.url;
}

/**
 * `jest --selectProjects unit` needs no infrastructure. Jest keeps that flag out of the config it hands
 * to global setup, but global setup runs in the CLI process, so the arguments tell.
 */
export function onlyUnitProjectSelected(argv: readonly string[]): boolean {
  const selected: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg.startsWith('--selectProjects=')) {
      selected.push(...arg.slice('--selectProjects='.length).split(','));
    } else if (arg === '--selectProjects') {
      while (index + 1 < argv.length && !argv[index + 1].startsWith('-')) {
        index += 1;
        selected.push(argv[index]);
      }
    }
  }
  return selected.length > 0 && selected.every((name) => name === 'unit');
}
