import { randomBytes } from 'node:crypto';
import { type Admin } from 'kafkajs';
import { Client } from 'pg';
import { type KafkaHandle, startKafka, startPostgres } from '../../test/infra';
import { type BenchLifecycle } from './bench-lifecycle';
import { benchKafkaClient } from './kafka-client';

export interface BenchKafka {
  kafka: KafkaHandle;
  /** The local broker's pid, to measure its CPU; undefined for a container or an external broker. */
  brokerPid?: number;
  admin: Admin;
}

/** A dedicated broker and a connected admin client, both stopped when the bench ends. */
export async function startBenchKafka(lifecycle: BenchLifecycle, clientId: string): Promise<BenchKafka> {
  const kafka = await startKafka({ dedicated: true });
  lifecycle.defer('stop Kafka', () => kafka.stop());
  const brokerPid = 'pid' in kafka && typeof kafka.pid === 'number' ? kafka.pid : undefined;
  process.stderr.write(`• Kafka: dedicated ${kafka.kind} broker at ${kafka.brokers.join(',')}\n`);
  const admin = benchKafkaClient(kafka.brokers, clientId).admin();
  await admin.connect();
  lifecycle.defer('disconnect Kafka admin', () => admin.disconnect());
  return { kafka, brokerPid, admin };
}

export interface BenchDatabase {
  url: string;
  name: string;
  postgresKind: string;
}

/** A fresh database named `<prefix>_<random>`, dropped (WITH FORCE) when the bench ends. */
export async function createBenchDatabase(lifecycle: BenchLifecycle, prefix: string): Promise<BenchDatabase> {
  const postgres = await startPostgres();
  lifecycle.defer('stop Postgres', () => postgres.stop());
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await runOnce(postgres.url, `CREATE DATABASE "${name}"`);
  if (process.env.BENCH_KEEP_DATABASE !== 'true') {
    lifecycle.defer(`drop database ${name}`, () =>
      runOnce(postgres.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  }
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, postgresKind: postgres.kind };
}

async function runOnce(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
