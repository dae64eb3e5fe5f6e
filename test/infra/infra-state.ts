import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { kafkaAnswers } from './kafka-readiness';
import { isBrokerProcess } from './detached-broker';
import { postgresAnswers } from './postgres';
import { repoRoot } from './repo-root';

/** What `npm run infra:up` left running, so that tests reuse it and `npm run infra:down` stops exactly that. */
export interface InfraState {
  kafka:
    | { kind: 'local'; brokers: string[]; pid: number; dataDir: string }
    | { kind: 'container'; brokers: string[]; containerId: string };
  postgres: { kind: 'local'; url: string } | { kind: 'container'; url: string; containerId: string };
  startedAt: string;
}

export const INFRA_STATE_FILE = join(repoRoot, '.infra', 'state.json');

export function readInfraState(): InfraState | undefined {
  if (!existsSync(INFRA_STATE_FILE)) {
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(INFRA_STATE_FILE, 'utf8')) as InfraState;
  } catch (error) {
    throw new Error(
      `${INFRA_STATE_FILE} is not readable JSON; delete it and run \`npm run infra:up\` again`,
      {
        cause: error,
      },
    );
  }
}

export function writeInfraState(state: InfraState): void {
  mkdirSync(dirname(INFRA_STATE_FILE), { recursive: true });
  writeFileSync(INFRA_STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

export function removeInfraState(): void {
  rmSync(INFRA_STATE_FILE, { force: true });
  const dir = dirname(INFRA_STATE_FILE);
  if (existsSync(dir) && readdirSync(dir).length === 0) {
    rmdirSync(dir);
  }
}

/** Whether the recorded broker and database still answer (and the pid is still that broker). */
export async function infraStateIsAlive(state: InfraState): Promise<boolean> {
  if (state.kafka.kind === 'local' && !isBrokerProcess(state.kafka.pid, state.kafka.dataDir)) {
    return false;
  }
  const [kafka, postgres] = await Promise.all([
    kafkaAnswers(state.kafka.brokers),
    postgresAnswers(state.postgres.url),
  ]);
  return kafka && postgres;
}

/** The two lines another shell can `eval`. */
export function infraEnvLines(state: InfraState): string {
  return `KAFKA_BROKERS=${state.kafka.brokers.join(',')}\nDATABASE_URL=${state.postgres.url}\n`;
}
