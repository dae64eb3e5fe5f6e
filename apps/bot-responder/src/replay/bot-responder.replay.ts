import {
  compareSchemas,
  createKafkaClient,
  endOffsets,
  lagging,
  type TableDifference,
} from '@handover/kafka';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { createBotResponderApp } from '../bot-responder.app';
import { type BotResponderConfig } from '../config/bot-responder.config';
import { PROJECTION_TABLES } from '../conversation';
import { CONSUMED_TOPICS } from '../runtime/consumer.runtime';
import { DATA_SOURCE } from '../runtime/runtime.tokens';

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

/**
 * Rebuilds the projection from offset 0 into an empty schema with the live handlers in replay
 * mode: decisions come from bot.events.v1 instead of the bot, and no effect is ever run.
 */
export async function replayBotResponder(
  config: BotResponderConfig,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const liveSchema = config.app.DATABASE_SCHEMA;
  const rebuiltSchema = options.targetSchema ?? `${liveSchema}_replay`;
  const groupId = `${config.app.KAFKA_GROUP_ID}-replay-${Date.now()}`;
  const started = Date.now();
  await dropSchema(config.app.DATABASE_URL, rebuiltSchema);
  const kafka = createKafkaClient({
    brokers: config.app.KAFKA_BROKERS,
    clientId: `${config.app.KAFKA_CLIENT_ID}-replay`,
  });
  const ends = await endOffsets(kafka, CONSUMED_TOPICS);
  const app = await createBotResponderApp(config, { mode: 'replay', schema: rebuiltSchema, groupId });
  try {
    await app.init();
    const consumeStarted = Date.now();
    await app.startAllMicroservices();
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    await waitUntilCaughtUp(dataSource, groupId, ends, options);
    const consumeSeconds = (Date.now() - consumeStarted) / 1000;
    const differences = await compareSchemas(dataSource, liveSchema, rebuiltSchema, PROJECTION_TABLES);
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
