import { type TopicDeclaration } from '@handover/contracts';
import { type KafkaConnection } from './kafka-connection';

export const KAFKA_MODULE_OPTIONS = Symbol('KAFKA_MODULE_OPTIONS');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

export interface KafkaModuleOptions extends KafkaConnection {
  lingerMs: number;
  maxBufferedRecords: number;
  /** Topics this app writes or reads; provisioned before the app starts serving. */
  topics: readonly TopicDeclaration[];
}
