import { join } from 'node:path';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { ManagedChild } from '../lib/managed-child';
import { CpuMeter, type CpuReport } from '../lib/process-stats';
import { REPO_ROOT } from '../lib/repo-root';
import { type BotReplayReport } from './bot-replay.baseline';
import {
  RAW_CONSUMER_CONFIG_ENV,
  type RawConsumerConfig,
  type RawConsumerReport,
} from './raw-consumer.baseline';
import {
  POSTGRES_CONSUMER_CONFIG_ENV,
  type PostgresConsumerConfig,
  type PostgresConsumerReport,
} from './postgres-consumer.baseline';
import { type EndOffsets, recordsBefore } from './topic-reader.util';

const RUN_BOUND_MS = 15 * 60_000;

export interface ReplayPhaseResult {
  /** Records of the consumed topics up to the end offsets: what both runs read. */
  readonly records: number;
  readonly raw: RawConsumerReport & { recordsPerSec: number; cpu: CpuReport };
  /** (c) the same records written to Postgres by a bare consumer, one statement per batch. */
  readonly floor: PostgresConsumerReport & { recordsPerSec: number; cpu: CpuReport };
  readonly replay: BotReplayReport & { recordsPerSec: number; consumeRecordsPerSec: number; cpu: CpuReport };
  /** (b)/(a) and (b)/(c), whole runs. */
  readonly ratio: number;
  readonly floorRatio: number;
  /** Replay's consuming phase alone (no app start, schema build or comparison) against (a) and (c). */
  readonly consumeRatio: number;
  readonly consumeFloorRatio: number;
}

/**
 * (a) a raw kafkajs consumer, (c) a bare consumer writing each record to Postgres, then (b)
 * replayBotResponder, over the same records, each in its own process.
 */
export async function runReplayPhase(
  lifecycle: BenchLifecycle,
  options: {
    brokers: string[];
    ends: EndOffsets;
    botEnv: Readonly<Record<string, string>>;
    databaseUrl: string;
    brokerPid?: number;
  },
): Promise<ReplayPhaseResult> {
  const records = recordsBefore(options.ends);
  process.stderr.write(`• replay (a) raw kafkajs consumer over ${records} records\n`);
  const config: RawConsumerConfig = { brokers: options.brokers, ends: options.ends };
  const raw = await runChild<RawConsumerReport>(lifecycle, {
    name: 'raw consumer baseline',
    file: 'raw-consumer.baseline.ts',
    env: { ...process.env, [RAW_CONSUMER_CONFIG_ENV]: JSON.stringify(config) },
    brokerPid: options.brokerPid,
  });
  process.stderr.write(`• replay (c) bare consumer writing the records to Postgres\n`);
  const floorConfig: PostgresConsumerConfig = { ...config, databaseUrl: options.databaseUrl };
  const floor = await runChild<PostgresConsumerReport>(lifecycle, {
    name: 'postgres consumer baseline',
    file: 'postgres-consumer.baseline.ts',
    env: { ...process.env, [POSTGRES_CONSUMER_CONFIG_ENV]: JSON.stringify(floorConfig) },
    brokerPid: options.brokerPid,
  });
  process.stderr.write(`• replay (b) replayBotResponder over the same records\n`);
  const replay = await runChild<BotReplayReport>(lifecycle, {
    name: 'bot-responder replay',
    file: 'bot-replay.baseline.ts',
    env: { ...process.env, ...options.botEnv },
    brokerPid: options.brokerPid,
  });
  const rawRate = raw.report.records / raw.report.seconds;
  const floorRate = floor.report.records / floor.report.seconds;
  const replayRate = records / replay.report.seconds;
  const consumeRate = records / replay.report.consumeSeconds;
  return {
    records,
    raw: { ...raw.report, recordsPerSec: rawRate, cpu: raw.cpu },
    floor: { ...floor.report, recordsPerSec: floorRate, cpu: floor.cpu },
    replay: {
      ...replay.report,
      recordsPerSec: replayRate,
      consumeRecordsPerSec: consumeRate,
      cpu: replay.cpu,
    },
    ratio: replayRate / rawRate,
    floorRatio: replayRate / floorRate,
    consumeRatio: consumeRate / rawRate,
    consumeFloorRatio: consumeRate / floorRate,
  };
}

async function runChild<T>(
  lifecycle: BenchLifecycle,
  options: { name: string; file: string; env: NodeJS.ProcessEnv; brokerPid?: number },
): Promise<{ report: T; cpu: CpuReport }> {
  const child = ManagedChild.start({
    name: options.name,
    command: process.execPath,
    args: [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, options.file),
    ],
    cwd: REPO_ROOT,
    env: options.env,
    ipc: true,
  });
  lifecycle.defer(`stop ${options.name}`, () => child.stop());
  const cpu = new CpuMeter({ subject: child.pid, broker: options.brokerPid });
  const report = (await child.nextMessage(RUN_BOUND_MS)) as T;
  const cpuReport = cpu.finish();
  await child.stop();
  return { report, cpu: cpuReport };
}
