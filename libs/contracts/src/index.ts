export * from './values';
export * from './availability-events-v1';
export * from './bot-events-v1';
export * from './engage-events-v1';
export * from './handover-events-v1';
export * from './ops-commands-v1';
export { RECORD_HEADERS } from './record-headers';
export { ALL_TOPICS, TOPICS, type TopicDeclaration } from './topics';
export * from './topic-contract';
