// Baseline (c) of the replay rate, run as its own process: a bare kafkajs consumer (fresh group,
// fromBeginning, eachBatch) that writes every record it reads to Postgres, one row per record, with
// one multi-row statement per batch. It is the floor of "read the log and project it into
// Postgres" on this machine: replay does that, plus parsing, deduplication, checkpoints and the
// projection's own logic.
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { benchKafkaClient } from '../lib/kafka-client';
import { type EndOffsets, readToEnd } from './topic-reader.util';

export const POSTGRES_CONSUMER_CONFIG_ENV = 'BENCH_POSTGRES_CONSUMER_CONFIG';

export interface PostgresConsumerConfig {
  brokers: string[];
  ends: EndOffsets;
  databaseUrl: string;
}

export interface PostgresConsumerReport {
  records: number;
  /** From before connect to the last end offset reached, as in the other runs' figures. */
  seconds: number;
}

const SCHEMA = 'bench_postgres_consumer';

async function main(): Promise<void> {
  const config = JSON.parse(process.env[POSTGRES_CONSUMER_CONFIG_ENV] ?? '') as PostgresConsumerConfig;
  const sql = new Client({ connectionString: config.databaseUrl });
  await sql.connect();
  await sql.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
  await sql.query(
    `CREATE TABLE ${SCHEMA}.record (topic text, partition int, "offset" bigint, key text, event_id text,
       event_type text, value jsonb, PRIMARY KEY (topic, partition, "offset"))`,
  );
  const started = performance.now();
  const { records } = await readToEnd(
    benchKafkaClient(config.brokers, 'bench-postgres-consumer'),
    config.ends,
    async (batch) => {
      const header = (value: Buffer | string | (Buffer | string)[] | undefined): string | null =>
        value === undefined ? null : String(Array.isArray(value) ? value[0] : value);
      await sql.query(
        `INSERT INTO ${SCHEMA}.record SELECT $1, $2, * FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
         ON CONFLICT DO NOTHING`,
        [
          batch.topic,
          batch.partition,
          batch.messages.map((message) => message.offset),
          batch.messages.map((message) => message.key?.toString('utf8') ?? null),
          batch.messages.map((message) => header(message.headers?.['event-id'])),
          batch.messages.map((message) => header(message.headers?.['event-type'])),
          batch.messages.map((message) => message.value?.toString('utf8') ?? 'null'),
        ],
      );
    },
  );
  const report: PostgresConsumerReport = { records, seconds: (performance.now() - started) / 1_000 };
  await sql.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await sql.end();
  process.send?.(report);
  process.disconnect?.();
}

// Imported by the bench for its types and constants; runs only as the child's entry point.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `postgres consumer baseline failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
