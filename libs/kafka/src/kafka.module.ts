import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaAdminService } from './kafka-admin.service';
import { createKafkaClient } from './kafka-client.factory';
import { KAFKA_CLIENT, KAFKA_MODULE_OPTIONS, type KafkaModuleOptions } from './kafka-module-options';
import { KafkaHealthIndicator } from './kafka.health';
import { KafkaProducerService } from './kafka-producer.service';

export interface KafkaModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => KafkaModuleOptions;
}

/** All Kafka plumbing: apps never build clients or read Kafka variables themselves. */
@Module({})
export class KafkaModule {
  static forRootAsync(options: KafkaModuleAsyncOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      imports: [...(options.imports ?? []), TerminusModule],
      providers: [
        { provide: KAFKA_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: KAFKA_CLIENT,
          useFactory: ({ brokers, clientId, ssl, sasl }: KafkaModuleOptions) =>
            createKafkaClient({ brokers, clientId, ssl, sasl }),
          inject: [KAFKA_MODULE_OPTIONS],
        },
        KafkaAdminService,
        KafkaProducerService,
        KafkaHealthIndicator,
      ],
      exports: [KafkaProducerService, KafkaHealthIndicator, KafkaAdminService, KAFKA_CLIENT],
    };
  }
}
