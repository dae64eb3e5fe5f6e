/**
 * Every topic the system owns, declared once and applied idempotently at startup.
 * Event topics are the system of record (ARCHITECTURE.md "The log is the truth"): they keep
 * everything, so no time or size retention.
 */
export interface TopicDeclaration {
  readonly name: string;
  readonly partitions: number;
  /** What the record key is: everything about one key lands on one partition, in order. */
  readonly keyedBy: string;
  readonly configs: Readonly<Record<string, string>>;
}

const KEEP_FOREVER = { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' } as const;

export const TOPICS = {
  engageEvents: {
    name: 'engage.events.v1',
    partitions: 12,
    keyedBy: 'RCED thread id (resource id when the event has no thread)',
    configs: KEEP_FOREVER,
  },
  engageEventsDlq: {
    name: 'engage.events.v1.dlq',
    partitions: 1,
    keyedBy: 'the key of the poison record',
    configs: KEEP_FOREVER,
  },
  botEvents: {
    name: 'bot.events.v1',
    partitions: 12,
    keyedBy: 'RCED thread id',
    configs: KEEP_FOREVER,
  },
  opsCommands: {
    name: 'ops.commands.v1',
    // One key and one partition: emergency switches must be seen in the order they were made.
    partitions: 1,
    keyedBy: 'the constant key "ops"',
    configs: KEEP_FOREVER,
  },
  handoverEvents: {
    name: 'handover.events.v1',
    partitions: 12,
    keyedBy: 'RCED thread id ("emergency" for emergency events)',
    configs: KEEP_FOREVER,
  },
  availabilityEvents: {
    name: 'availability.events.v1',
    partitions: 3,
    keyedBy: 'RCED source id',
    configs: KEEP_FOREVER,
  },
  handoverDlq: {
    name: 'handover.dlq',
    partitions: 1,
    keyedBy: 'the key of the poison record',
    configs: KEEP_FOREVER,
  },
  interventionStatsDlq: {
    name: 'intervention-stats.dlq',
    partitions: 1,
    keyedBy: 'the key of the poison record',
    configs: KEEP_FOREVER,
  },
  botResponderDlq: {
    name: 'bot-responder.dlq',
    partitions: 1,
    keyedBy: 'the key of the poison record',
    configs: KEEP_FOREVER,
  },
} as const satisfies Record<string, TopicDeclaration>;

export const ALL_TOPICS: readonly TopicDeclaration[] = Object.values(TOPICS);
