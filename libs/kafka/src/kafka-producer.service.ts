import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { CoalescingPublisher } from './coalescing-publisher';
import { KAFKA_CLIENT, KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from './kafka-module-options';
import { type OutgoingRecord } from './outgoing-record';

const MAX_BATCH_RECORDS = 2_000;

/** The one way apps produce: every caller awaits Kafka's acknowledgement of its records. */
@Injectable()
export class KafkaProducerService implements OnApplicationShutdown {
  private readonly publisher: CoalescingPublisher;

  constructor(@Inject(KAFKA_CLIENT) kafka: Kafka, @Inject(KAFKA_MODULE_OPTIONS) options: KafkaModuleOptions) {
    this.publisher = new CoalescingPublisher(kafka, {
      lingerMs: options.lingerMs,
      maxBatchRecords: MAX_BATCH_RECORDS,
      maxBufferedRecords: options.maxBufferedRecords,
    });
  }

  publish(records: readonly OutgoingRecord[], options: { timeoutMs: number }): Promise<void> {
    return this.publisher.publish(records, options.timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}
