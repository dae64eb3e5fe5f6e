// Stops exactly what `npm run infra:up` recorded in .infra/state.json, then forgets it.
import { removeContainer } from '../test/infra/docker-engine.util';
import { type InfraState, readInfraState, removeInfraState } from '../test/infra/infra-state';
import { stopDetachedBroker } from '../test/infra/detached-broker';

export async function stopRecordedInfra(state: InfraState): Promise<void> {
  if (state.kafka.kind === 'local') {
    const stopped = await stopDetachedBroker(state.kafka.pid, state.kafka.dataDir);
    report(
      stopped
        ? `Stopped the Kafka broker (pid ${state.kafka.pid})`
        : `The Kafka broker (pid ${state.kafka.pid}) was not running`,
    );
    report(`Deleted ${state.kafka.dataDir}`);
  } else {
    const removed = await removeContainer(state.kafka.containerId);
    report(`${removed ? 'Removed' : 'Already gone:'} the Kafka container ${state.kafka.containerId}`);
  }
  if (state.postgres.kind === 'container') {
    const removed = await removeContainer(state.postgres.containerId);
    report(`${removed ? 'Removed' : 'Already gone:'} the Postgres container ${state.postgres.containerId}`);
  }
}

function report(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const state = readInfraState();
  if (!state) {
    report(
      'Nothing to stop: there is no .infra/state.json (infra:up was not run, or infra:down already ran).',
    );
    return;
  }
  await stopRecordedInfra(state);
  removeInfraState();
  report('Removed .infra/state.json');
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      report(`infra:down failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
