import { join } from 'node:path';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { type CpuReport } from '../lib/process-stats';
import { runReportingChild } from '../lib/reporting-child';
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
  const raw = await runReportingChild<RawConsumerReport>(lifecycle, {
    name: 'raw consumer baseline',
    file: join(__dirname, 'raw-consumer.baseline.ts'),
    env: { ...process.env, [RAW_CONSUMER_CONFIG_ENV]: JSON.stringify(config) },
    brokerPid: options.brokerPid,
  });
  process.stderr.write(`• replay (c) bare consumer writing the records to Postgres\n`);
  const floorConfig: PostgresConsumerConfig = { ...config, databaseUrl: options.databaseUrl };
  const floor = await runReportingChild<PostgresConsumerReport>(lifecycle, {
    name: 'postgres consumer baseline',
    file: join(__dirname, 'postgres-consumer.baseline.ts'),
    env: { ...process.env, [POSTGRES_CONSUMER_CONFIG_ENV]: JSON.stringify(floorConfig) },
    brokerPid: options.brokerPid,
  });
  process.stderr.write(`• replay (b) replayBotResponder over the same records\n`);
  const replay = await runReportingChild<BotReplayReport>(lifecycle, {
    name: 'bot-responder replay',
    file: join(__dirname, 'bot-replay.baseline.ts'),
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
