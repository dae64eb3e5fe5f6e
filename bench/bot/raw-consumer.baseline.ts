// Baseline (a) of the replay rate, run as its own process: a plain kafkajs consumer (fresh group,
// fromBeginning, eachBatch) that only counts records up to the end offsets taken after the load.
import { performance } from 'node:perf_hooks';
import { benchKafkaClient } from '../lib/kafka-client';
import { type EndOffsets, readToEnd } from './topic-reader.util';

export const RAW_CONSUMER_CONFIG_ENV = 'BENCH_RAW_CONSUMER_CONFIG';

export interface RawConsumerConfig {
  brokers: string[];
  ends: EndOffsets;
}

export interface RawConsumerReport {
  records: number;
  /** From before connect to the last end offset reached: group join included, as in the replay's figure. */
  seconds: number;
  /** From the first batch to the last: reading alone. */
  readingSeconds: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env[RAW_CONSUMER_CONFIG_ENV] ?? '') as RawConsumerConfig;
  const started = performance.now();
  let firstBatch: number | undefined;
  const { records } = await readToEnd(
    benchKafkaClient(config.brokers, 'bench-raw-consumer'),
    config.ends,
    () => {
      firstBatch ??= performance.now();
    },
  );
  const finished = performance.now();
  const report: RawConsumerReport = {
    records,
    seconds: (finished - started) / 1_000,
    readingSeconds: (finished - (firstBatch ?? finished)) / 1_000,
  };
  process.send?.(report);
  process.disconnect?.();
}

// Imported by the bench for its types and constants; runs only as the child's entry point.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `raw consumer baseline failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
