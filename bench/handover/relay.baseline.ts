// The latency baseline, run as its own process: the least that can turn a `bot.handover_requested`
// record into the platform's `update_categories` call. A plain kafkajs consumer (handover's consumer
// settings) calls the app's own EngageClient for each record at once: no Nest, no Postgres, no
// decision, no effect ledger. Same broker, same simulator, same load, same clock as handover's run.
// Like handover (ADR 0008) and the Bot Framework adapter, it reads the thread's categories first:
// the platform's are the truth.
import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { type BotHandoverRequestedEvent } from '../../libs/contracts/src';
import { EngageClient } from '../../libs/engage-client/src';
import { benchKafkaClient } from '../lib/kafka-client';
import { RELAY_CONFIG_ENV, type RelayConfig, type RelayReady } from './relay-config';

async function main(): Promise<void> {
  const config = JSON.parse(process.env[RELAY_CONFIG_ENV] ?? '') as RelayConfig;
  // Defaults of EngageClientEnv, as handover runs with them.
  const client = new EngageClient(new HttpService(axios.create()), {
    baseUrl: config.engageBaseUrl,
    accessToken: config.token,
    authMode: 'bearer',
    timeoutMs: 10_000,
  });
  const consumer = benchKafkaClient(config.brokers, 'bench-relay-baseline').consumer({
    groupId: config.groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
    allowAutoTopicCreation: false,
  });
  consumer.on(consumer.events.GROUP_JOIN, () => process.send?.({ kind: 'ready' } satisfies RelayReady));
  await consumer.connect();
  await consumer.subscribe({ topics: [config.topic], fromBeginning: true });
  await consumer.run({
    autoCommitInterval: 1_000,
    partitionsConsumedConcurrently: 4,
    eachBatch: async ({ batch }) => {
      await Promise.all(
        batch.messages.map(async (message) => {
          const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as BotHandoverRequestedEvent;
          try {
            const thread = await client.getThread(event.thread_id);
            const categories = thread.thread_category_ids.filter(
              (id) => id !== config.botCategoryId && id !== config.agentCategoryId,
            );
            await client.updateThreadCategories(event.thread_id, [...categories, config.agentCategoryId]);
          } catch (error) {
            // The simulator's log shows refusals; this shows calls that never got an answer.
            process.stderr.write(
              `update_categories ${event.thread_id} failed: ${error instanceof Error ? error.message : String(error)}\n`,
            );
          }
        }),
      );
    },
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      consumer.disconnect().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`relay baseline failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
