import { type INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { type ConsumerAppEnv } from '../consumer-app.env';
import { EventRuntime } from '../runtime/event-runtime';
import { createKafkaClient, kafkaConnectionOf, type KafkaEnv } from '@handover/kafka';
import { compareSchemas, type TableDifference } from './compare-schemas';
import { endOffsets, lagging } from './replay-progress';

export interface ReplayOptions {
  /** Defaults to `<live schema>_replay`; dropped and rebuilt from empty. */
  targetSchema?: string;
  timeoutMs?: number;
  /** Called while waiting, with the partitions still behind. */
  onProgress?: (lagging: readonly string[]) => void;
}

export interface ReplayReport {
  liveSchema: string;
  rebuiltSchema: string;
  seconds: number;
  /** Of which consuming: from the consumer's start until it reached the end offsets. */
  consumeSeconds: number;
  /** Empty when the rebuilt projection equals the live one row for row. */
  differences: TableDifference[];
}

/** What one app gives the replay: its settings, its projection's tables, and how to build it. */
export interface ReplayTarget {
  /** The live app's settings: where its schema is, its broker and its group. */
  env: Pick<ConsumerAppEnv, 'DATABASE_URL'> &
    KafkaEnv & {
      DATABASE_SCHEMA: string;
      KAFKA_GROUP_ID: string;
    };
  /** The projection's tables, compared row for row with the live ones. */
  tables: readonly string[];
  /** The app in replay mode: its EventRuntime says which topics it reads and where it writes. */
  createApp(schema: string, groupId: string): Promise<INestApplication>;
}

/**
 * Rebuilds an app's projection from offset 0 into an empty schema, with the app's projectors in
 * replay mode (decisions are read back from the app's topic, no effect is run), under a single-use
 * consumer group; then compares it with the live schema.
 */
export async function replayProjection(
  target: ReplayTarget,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const { env } = target;
  const liveSchema = env.DATABASE_SCHEMA;
  const rebuiltSchema = options.targetSchema ?? `${liveSchema}_replay`;
  const groupId = `${env.KAFKA_GROUP_ID}-replay-${Date.now()}`;
  const started = Date.now();
  await dropSchema(env.DATABASE_URL, rebuiltSchema);
  const kafka = createKafkaClient(kafkaConnectionOf(env, 'replay'));
  const app = await target.createApp(rebuiltSchema, groupId);
  try {
    await app.init();
    const runtime = app.get(EventRuntime);
    const ends = await endOffsets(kafka, runtime.topics);
    const consumeStarted = Date.now();
    await runtime.startConsuming();
    const dataSource = runtime.dataSource;
    await waitUntilCaughtUp(dataSource, groupId, ends, options);
    const consumeSeconds = (Date.now() - consumeStarted) / 1000;
    const differences = await compareSchemas(dataSource, liveSchema, rebuiltSchema, target.tables);
    return { liveSchema, rebuiltSchema, seconds: (Date.now() - started) / 1000, consumeSeconds, differences };
  } finally {
    await app.close();
    await deleteGroup(kafka, groupId);
  }
}

async function waitUntilCaughtUp(
  dataSource: DataSource,
  groupId: string,
  ends: ReadonlyMap<string, bigint>,
  options: ReplayOptions,
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const behind = await lagging(dataSource, groupId, ends);
    if (behind.length === 0) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Replay did not catch up in time; still behind on ${behind.join(', ')}`);
    }
    options.onProgress?.(behind);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** The replay's consumer group is single-use: leave no trace of it in the cluster. */
async function deleteGroup(kafka: ReturnType<typeof createKafkaClient>, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
