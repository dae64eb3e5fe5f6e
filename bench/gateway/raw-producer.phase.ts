import { join } from 'node:path';
import { TOPICS } from '../../libs/contracts/src';
import { uniqueName } from '../../test/infra';
import { type Admin } from 'kafkajs';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { CpuMeter, type CpuReport } from '../lib/process-stats';
import { ManagedChild } from '../lib/managed-child';
import { REPO_ROOT } from '../lib/repo-root';
import {
  RAW_PRODUCER_CONFIG_ENV,
  type RawProducerConfig,
  type RawProducerReport,
} from './raw-producer.baseline';
import { createBenchTopic, recordsOnTopic } from './topic-records.util';

export interface RawProducerPhaseResult {
  readonly label: string;
  readonly concurrency: number;
  readonly report: RawProducerReport;
  readonly recordsPerSec: number;
  readonly cpu: CpuReport;
  readonly recordsOnTopic: number;
}

/** Baseline (b) on a fresh topic with the production partition count, in its own process. */
export async function runRawProducerPhase(
  lifecycle: BenchLifecycle,
  options: {
    admin: Admin;
    brokers: string[];
    concurrency: number;
    warmupSec: number;
    durationSec: number;
    brokerPid?: number;
  },
): Promise<RawProducerPhaseResult> {
  const label = '(b) raw kafkajs producer';
  process.stderr.write(`• ${label}: starting\n`);
  const topic = uniqueName('bench.raw-producer');
  await createBenchTopic(options.admin, topic, TOPICS.engageEvents.partitions);
  lifecycle.defer(`delete topic ${topic}`, () =>
    options.admin.deleteTopics({ topics: [topic] }).catch(() => undefined),
  );
  const config: RawProducerConfig = {
    brokers: options.brokers,
    topic,
    concurrency: options.concurrency,
    warmupSec: options.warmupSec,
    durationSec: options.durationSec,
  };
  const child = ManagedChild.start({
    name: 'raw producer baseline',
    command: process.execPath,
    args: ['-r', 'ts-node/register/transpile-only', join(__dirname, 'raw-producer.baseline.ts')],
    cwd: REPO_ROOT,
    env: { ...process.env, [RAW_PRODUCER_CONFIG_ENV]: JSON.stringify(config) },
    ipc: true,
  });
  lifecycle.defer('stop raw producer baseline', () => child.stop());
  const bound = (options.warmupSec + options.durationSec) * 1_000 + 60_000;
  await child.nextMessage(bound);
  process.stderr.write(`• ${label}: measuring for ${options.durationSec} s\n`);
  const cpu = new CpuMeter({ subject: child.pid, broker: options.brokerPid });
  const report = (await child.nextMessage(options.durationSec * 1_000 + 60_000)) as RawProducerReport;
  const cpuReport = cpu.finish();
  await child.stop();
  if (report.acknowledged === 0) {
    throw child.failure(
      `had no record acknowledged (${report.failed} failed: ${report.firstError ?? 'no error'})`,
    );
  }
  return {
    label,
    concurrency: options.concurrency,
    report,
    recordsPerSec: report.acknowledged / report.durationSec,
    cpu: cpuReport,
    recordsOnTopic: await recordsOnTopic(options.admin, topic),
  };
}
