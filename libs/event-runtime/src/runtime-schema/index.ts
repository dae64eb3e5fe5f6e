import { ConsumerCheckpoint } from './consumer-checkpoint.entity';
import { EffectRecord } from './effect-record.entity';
import { OutboxMessage } from './outbox-message.entity';
import { ParkedRecord } from './parked-record.entity';
import { ProcessedEvent } from './processed-event.entity';

export { ConsumerCheckpoint, EffectRecord, OutboxMessage, ParkedRecord, ProcessedEvent };
export { type EffectStatus } from './effect-record.entity';

/** The tables every consuming app holds in its own schema, beside its projection. */
export const RUNTIME_ENTITIES = [
  ConsumerCheckpoint,
  ProcessedEvent,
  OutboxMessage,
  EffectRecord,
  ParkedRecord,
];
export { CreateEventRuntimeTables1795475825142 } from './migrations/1795475825142-CreateEventRuntimeTables';
export { AddRuntimeRetention1795487015743 } from './migrations/1795487015743-AddRuntimeRetention';
export { AddParkedRecords1796543037316 } from './migrations/1796543037316-AddParkedRecords';
export { AddOpsAudit1796576254080 } from './migrations/1796576254080-AddOpsAudit';
export { AddEffectPriority1796582400000 } from './migrations/1796582400000-AddEffectPriority';
export { AddEffectTraceContext1796582537535 } from './migrations/1796582537535-AddEffectTraceContext';

import { AddEffectPriority1796582400000 } from './migrations/1796582400000-AddEffectPriority';
import { AddEffectTraceContext1796582537535 } from './migrations/1796582537535-AddEffectTraceContext';
import { AddOpsAudit1796576254080 } from './migrations/1796576254080-AddOpsAudit';
import { AddParkedRecords1796543037316 } from './migrations/1796543037316-AddParkedRecords';
import { AddRuntimeRetention1795487015743 } from './migrations/1795487015743-AddRuntimeRetention';
import { CreateEventRuntimeTables1795475825142 } from './migrations/1795475825142-CreateEventRuntimeTables';

/** Prepended to every consuming app's migrations. */
export const RUNTIME_MIGRATIONS = [
  CreateEventRuntimeTables1795475825142,
  AddRuntimeRetention1795487015743,
  AddParkedRecords1796543037316,
  AddOpsAudit1796576254080,
  AddEffectPriority1796582400000,
  AddEffectTraceContext1796582537535,
];
