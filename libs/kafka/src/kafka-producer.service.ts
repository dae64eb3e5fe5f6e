import { tracingEnabled } from '@handover/observability';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Context } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';
import { CoalescingPublisher } from './coalescing-publisher';
import { KAFKA_CLIENT, KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from './kafka-module-options';
import { type OutgoingRecord } from './outgoing-record';
import { startSendSpans } from './record-send-spans';

export interface PublishOptions {
  timeoutMs: number;
  /**
   * The span the records are sent for (the webhook request's), when tracing is on: each record gets
   * a send span beneath it, unless it carries a trace of its own (an outbox row's).
   */
  parent?: Context;
}

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

  publish(records: readonly OutgoingRecord[], options: PublishOptions): Promise<void> {
    if (!tracingEnabled()) {
      return this.publisher.publish(records, options.timeoutMs);
    }
    const sends = startSendSpans(records, options.parent);
    return this.publisher.publish(sends.records, options.timeoutMs).then(
      () => sends.end(),
      (error: unknown) => {
        sends.end(error);
        throw error;
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}
