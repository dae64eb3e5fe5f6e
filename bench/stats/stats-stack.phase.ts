import { createBenchDatabase, startBenchKafka } from '../lib/bench-infra';
import { type Admin } from 'kafkajs';
import { Client } from 'pg';
import { TOPICS } from '../../libs/contracts/src';
import { type KafkaHandle } from '../../test/infra';
import { type BenchLifecycle } from '../lib/bench-lifecycle';

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
  const { kafka, brokerPid, admin } = await startBenchKafka(lifecycle, 'bench-stats-admin');
  await admin.createTopics({
    waitForLeaders: true,
    topics: [...CONSUMED_TOPICS, TOPICS.interventionStatsDlq].map((topic) => ({
      topic: topic.name,
      numPartitions: topic.partitions,
      replicationFactor: 1,
      configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
    })),
  });

  const database = await createBenchDatabase(lifecycle, 'bench_stats');
  const { url: databaseUrl, name: databaseName } = database;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  lifecycle.defer('close the bench database client', () => client.end());
  return {
    kafka,
    brokerPid,
    admin,
    databaseUrl,
    databaseName,
    postgresKind: database.postgresKind,
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
  };
}
