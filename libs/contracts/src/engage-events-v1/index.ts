export { type EngageEvent, type EngageResource, type OpaqueId } from './engage-event';
export { ENGAGE_EVENTS_SCHEMA_VERSION, type EngageEventRecordValue } from './engage-event-record';
export { engageEventThreadId } from './engage-event-thread-id.util';
export { MAX_EVENT_DEPTH, normalizeText, storableTextProblem } from './storable-json';
export { isThreadScopedEventType } from './thread-scoped-types';
export { asEngageEvent, engageEventProblems } from './engage-event.check';
export { isCustomerMessage, type NotCustomerReason, notCustomerReason } from './customer-message';
export {
  needsAuthorHandle,
  type ReplyFields,
  type ReplyTarget,
  replyFields,
  replyTargetOf,
} from './reply-target';
export { ENGAGE_EVENTS } from './engage-events.contract';
