import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Admin, Kafka } from 'kafkajs';
import { KAFKA_CLIENT, KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from './kafka-module-options';
import { provisionTopics } from './topic-provisioner';

@Injectable()
export class KafkaAdminService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaAdminService.name);
  private readonly admin: Admin;
  private connected?: Promise<void>;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_MODULE_OPTIONS) private readonly options: KafkaModuleOptions,
  ) {
    this.admin = kafka.admin();
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
    const report = await provisionTopics(this.admin, this.options.topics);
    this.logger.log({ msg: 'Topics ready', ...report });
    if (report.underPartitioned.length > 0) {
      this.logger.error(`Topics with fewer partitions than declared: ${report.underPartitioned.join(', ')}`);
    }
  }

  /** Asks the cluster itself, bounded in time: used by readiness checks. */
  async describeClusterWithin(timeoutMs: number): Promise<{ brokers: number; controller: number | null }> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const cluster = await Promise.race([this.connect().then(() => this.admin.describeCluster()), deadline]);
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }
}
