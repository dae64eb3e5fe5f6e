// Baseline (b), run as its own process: N loops each awaiting kafkajs `producer.send` of one record
// (acks -1), the plainest way to get one acknowledged record per request.
import { performance } from 'node:perf_hooks';
import { Partitioners } from 'kafkajs';
import { benchKafkaClient } from '../lib/kafka-client';
import { LatencyRecorder, type LatencySummary } from '../lib/latency-stats';
import { ContentImportedFixture } from './content-imported.fixture';

export interface RawProducerConfig {
  brokers: string[];
  topic: string;
  concurrency: number;
  warmupSec: number;
  durationSec: number;
}

export interface RawProducerReport {
  acknowledged: number;
  warmupAcknowledged: number;
  failed: number;
  durationSec: number;
  latency: LatencySummary;
  firstError?: string;
}

export const RAW_PRODUCER_CONFIG_ENV = 'BENCH_RAW_PRODUCER_CONFIG';

const MAX_FAILURES = 1_000;

async function main(): Promise<void> {
  const config = JSON.parse(process.env[RAW_PRODUCER_CONFIG_ENV] ?? '') as RawProducerConfig;
  const producer = benchKafkaClient(config.brokers, 'bench-raw-producer').producer({
    allowAutoTopicCreation: false,
    // The gateway's partitioner, so keys land on the same partitions.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const fixture = new ContentImportedFixture();
  const latencies = new LatencyRecorder();
  const started = performance.now();
  const measureFrom = started + config.warmupSec * 1_000;
  const stopAt = measureFrom + config.durationSec * 1_000;
  // Tells the bench when to start its CPU meter.
  setTimeout(() => process.send?.({ phase: 'measuring' }), config.warmupSec * 1_000);
  const report = {
    acknowledged: 0,
    warmupAcknowledged: 0,
    failed: 0,
    firstError: undefined as string | undefined,
  };
  let lastAck = measureFrom;

  const loop = async (): Promise<void> => {
    while (performance.now() < stopAt && report.failed < MAX_FAILURES) {
      const record = fixture.nextRecord();
      const sent = performance.now();
      try {
        await producer.send({ topic: config.topic, acks: -1, messages: [record] });
      } catch (error) {
        report.failed++;
        report.firstError ??= error instanceof Error ? error.message : String(error);
        continue;
      }
      const acked = performance.now();
      if (sent >= measureFrom) {
        report.acknowledged++;
        latencies.record(acked - sent);
        lastAck = Math.max(lastAck, acked);
      } else {
        report.warmupAcknowledged++;
      }
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, loop));
  await producer.disconnect();

  const result: RawProducerReport = {
    ...report,
    durationSec: (lastAck - measureFrom) / 1_000,
    latency: latencies.summary(),
  };
  process.send?.(result);
  process.disconnect?.();
}

// Imported by the bench for its types and constants; runs only as the child's entry point.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `raw producer baseline failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
