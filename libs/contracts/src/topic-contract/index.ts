export { eventRecord, ownEventParts, type RecordParts } from './event-record';
export { FieldChecks } from './field-checks';
export { InvalidEventError } from './invalid-event.error';
export {
  defineTopicContract,
  type EventRecord,
  type TopicContract,
  type TopicContractSpec,
} from './topic-contract';
