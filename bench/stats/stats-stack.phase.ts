import { randomBytes } from 'node:crypto';
import { type Admin } from 'kafkajs';
import { Client } from 'pg';
import { TOPICS } from '../../libs/contracts/src';
import { type KafkaHandle, startKafka, startPostgres } from '../../test/infra';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { benchKafkaClient } from '../lib/kafka-client';

/** What intervention-stats consumes; availability.events.v1 is left out on purpose (not consumed yet). */
export const CONSUMED_TOPICS = [TOPICS.engageEvents, TOPICS.botEvents, TOPICS.handoverEvents] as const;

export interface StatsStack {
  readonly kafka: KafkaHandle;
  readonly brokerPid?: number;
  readonly admin: Admin;
  readonly databaseUrl: string;
  readonly databaseName: string;
  readonly postgresKind: string;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A broker and a database of this run's own; the consumed topics declared as the apps declare them. */
export async function startStatsStack(lifecycle: BenchLifecycle): Promise<StatsStack> {
  const kafka = await startKafka({ dedicated: true });
  lifecycle.defer('stop Kafka', () => kafka.stop());
  const brokerPid = 'pid' in kafka && typeof kafka.pid === 'number' ? kafka.pid : undefined;
  process.stderr.write(`• Kafka: dedicated ${kafka.kind} broker at ${kafka.brokers.join(',')}\n`);
  const admin = benchKafkaClient(kafka.brokers, 'bench-stats-admin').admin();
  await admin.connect();
  lifecycle.defer('disconnect Kafka admin', () => admin.disconnect());
  await admin.createTopics({
    waitForLeaders: true,
    topics: [...CONSUMED_TOPICS, TOPICS.interventionStatsDlq].map((topic) => ({
      topic: topic.name,
      numPartitions: topic.partitions,
      replicationFactor: 1,
      configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
    })),
  });

  const postgres = await startPostgres();
  lifecycle.defer('stop Postgres', () => postgres.stop());
  const databaseName = `bench_stats_${randomBytes(6).toString('hex')}`;
  await once(postgres.url, `CREATE DATABASE "${databaseName}"`);
  lifecycle.defer(`drop database ${databaseName}`, () =>
    once(postgres.url, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  );
  const url = new URL(postgres.url);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  lifecycle.defer('close the bench database client', () => client.end());
  return {
    kafka,
    brokerPid,
    admin,
    databaseUrl,
    databaseName,
    postgresKind: postgres.kind,
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
  };
}

async function once(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
