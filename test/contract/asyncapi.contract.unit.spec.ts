import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_TOPICS,
  AVAILABILITY_EVENT_TYPES,
  BOT_EFFECT_FAILED,
  BOT_EVENT_TYPES,
  BOT_THREAD_READ,
  BOT_ANSWERED,
  BOT_ANSWER_FAILED,
  EMERGENCY_EVENT_TYPES,
  EMERGENCY_SOURCE_DEFAULTS_CHANGED,
  EMERGENCY_SWITCHED,
  THREAD_ROUTING_EVENT_TYPES,
  TOPICS,
} from '@handover/contracts';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { consumedTopics } from '@handover/event-runtime';
import { botResponderHandlers } from '../../apps/bot-responder/src/bot-responder.module';
import { loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import { routingPolicyOf } from '../../apps/handover/src/handover.module';
import { routingHandlers } from '../../apps/handover/src/handover/routing.handlers';
import { RoutingService } from '../../apps/handover/src/handover/routing.service';
import { statsProjectors } from '../../apps/intervention-stats/src/projection/stats.projectors';
import { repoRoot } from '../infra/repo-root';
import {
  type App,
  DEAD_LETTER_MESSAGE,
  ENGAGE_MESSAGE,
  ENUMS,
  type MessageSample,
  type RealRecord,
  type SampledMessage,
  messageSamples,
  realRecords,
  REPLY_POLICY,
} from './asyncapi.samples';

// docs/asyncapi.yaml is what other teams read about our topics; this spec keeps it true to
// libs/contracts (topics, event types, fields) and to the records the apps actually publish.

interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
}

interface Message {
  name: string;
  headers: Schema;
  payload: Schema;
  bindings?: { kafka?: { key?: Schema } };
  examples?: Array<{ name?: string; headers?: unknown; payload?: unknown }>;
}

interface Channel {
  address: string;
  title?: string;
  messages: Record<string, Message>;
  bindings: { kafka: { topic: string; partitions: number; topicConfiguration: Record<string, unknown> } };
}

interface Operation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  messages: Array<{ $ref: string }>;
  tags?: Array<{ name: string }>;
}

interface AsyncApiDocument {
  asyncapi: string;
  info: { tags: Array<{ name: string }> };
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
}

const DOCUMENT_PATH = join(repoRoot, 'docs', 'asyncapi.yaml');
const raw = parse(readFileSync(DOCUMENT_PATH, 'utf8')) as unknown;
const doc = raw as AsyncApiDocument;

/** The event types each topic carries, from the contracts library. Dead-letter topics (`*.dlq`) carry dead letters. */
const TOPIC_MESSAGES: Partial<Record<keyof typeof TOPICS, readonly string[]>> = {
  engageEvents: [ENGAGE_MESSAGE],
  botEvents: [...BOT_EVENT_TYPES, BOT_EFFECT_FAILED, BOT_THREAD_READ, BOT_ANSWERED, BOT_ANSWER_FAILED],
  opsCommands: [EMERGENCY_SWITCHED],
  handoverEvents: [
    ...THREAD_ROUTING_EVENT_TYPES,
    ...EMERGENCY_EVENT_TYPES,
    EMERGENCY_SOURCE_DEFAULTS_CHANGED,
  ],
  availabilityEvents: AVAILABILITY_EVENT_TYPES,
};

function expectedMessages(topicKey: keyof typeof TOPICS): readonly string[] | undefined {
  return (
    TOPIC_MESSAGES[topicKey] ?? (TOPICS[topicKey].name.endsWith('.dlq') ? [DEAD_LETTER_MESSAGE] : undefined)
  );
}

// ---------------------------------------------------------------------------------------- $ref

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A local JSON pointer (`#/a/b`) of the document. */
function pointer(ref: string): unknown {
  if (!ref.startsWith('#/')) {
    throw new Error(`Only local $refs are used: ${ref}`);
  }
  const target = ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), raw);
  if (target === undefined) {
    throw new Error(`Unresolved $ref ${ref}`);
  }
  return target;
}

/** The node itself, or what its $ref (chain) points to. Siblings of a $ref are ignored by JSON Schema draft 7: refused. */
function deref<T>(node: T): T {
  let current: unknown = node;
  while (isObject(current) && typeof current.$ref === 'string') {
    if (Object.keys(current).length > 1) {
      throw new Error(
        `$ref ${current.$ref} has siblings (${Object.keys(current).join(', ')}): they would be ignored`,
      );
    }
    current = pointer(current.$ref);
  }
  return current as T;
}

/** A copy with every $ref replaced by what it points to. */
function inline<T>(node: T): T {
  const resolved = deref(node);
  if (Array.isArray(resolved)) {
    return resolved.map((item: unknown) => inline(item)) as T;
  }
  if (isObject(resolved)) {
    return Object.fromEntries(Object.entries(resolved).map(([key, value]) => [key, inline(value)])) as T;
  }
  return resolved;
}

interface DocumentedMessage {
  channelId: string;
  messageId: string;
  message: Message;
  payload: Schema;
  headers: Schema;
  key: Schema | undefined;
}

function messagesOf(channelId: string): DocumentedMessage[] {
  return Object.entries(doc.channels[channelId]?.messages ?? {}).map(([messageId, node]) => {
    const message = inline(node);
    return {
      channelId,
      messageId,
      message,
      payload: message.payload,
      headers: message.headers,
      key: message.bindings?.kafka?.key,
    };
  });
}

const allMessages = (): DocumentedMessage[] => Object.keys(doc.channels).flatMap(messagesOf);

function messageNamed(name: string): DocumentedMessage {
  const found = allMessages().find(({ message }) => message.name === name);
  if (!found) {
    throw new Error(`No message named ${name} in ${DOCUMENT_PATH}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------- JSON Schema

const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);

/** Why the value does not match the schema; empty when it does. */
function errorsOf(schema: Schema, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

/** Field lists of the schema against the sample's, at every level the schema closes or requires. */
function fieldProblems(schema: Schema, value: unknown, path: string, optional: readonly string[]): string[] {
  if (Array.isArray(value) && schema.items) {
    return value.length === 0
      ? [`${path}: the sample's array is empty, its items go unchecked`]
      : fieldProblems(schema.items, value[0], `${path}[]`, []);
  }
  const checked = schema.required !== undefined || schema.additionalProperties === false;
  if (!isObject(value) || !schema.properties || !checked) {
    return [];
  }
  const documented = sorted(Object.keys(schema.properties));
  const actual = sorted(Object.keys(value));
  const problems = [
    ...actual
      .filter((field) => !documented.includes(field))
      .map((field) => `${path}.${field}: not documented`),
    ...documented
      .filter((field) => !actual.includes(field))
      .map((field) => `${path}.${field}: not in the type`),
  ];
  const required = sorted(schema.required ?? []);
  const expectedRequired = actual.filter((field) => !optional.includes(field));
  if (required.join() !== expectedRequired.join()) {
    problems.push(
      `${path}: required [${required.join(', ')}], the type requires [${expectedRequired.join(', ')}]`,
    );
  }
  for (const field of actual.filter((name) => documented.includes(name))) {
    problems.push(...fieldProblems(schema.properties[field], value[field], `${path}.${field}`, []));
  }
  return problems;
}

/** The schema of a field, by a path like `transcript[].from`. */
function schemaAt(schema: Schema, path: string): Schema | undefined {
  return path.split('.').reduce<Schema | undefined>((node, part) => {
    const field = node?.properties?.[part.replace(/\[\]$/, '')];
    return part.endsWith('[]') ? field?.items : field;
  }, schema);
}

/** Paths of every `enum` in a payload, but its own `type`. */
function enumPaths(schema: Schema, path = ''): string[] {
  const own = schema.enum && path !== 'type' ? [path] : [];
  const nested = Object.entries(schema.properties ?? {}).flatMap(([field, child]) =>
    enumPaths(child, path === '' ? field : `${path}.${field}`),
  );
  const items = schema.items ? enumPaths(schema.items, `${path}[]`) : [];
  return [...own, ...nested, ...items];
}

// ---------------------------------------------------------------------------------------- the spec

describe('docs/asyncapi.yaml', () => {
  it('should be an AsyncAPI 3.0 document whose $refs resolve, none with siblings', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(() => inline(raw)).not.toThrow();
  });

  describe('channels', () => {
    it('should have one channel per topic of ALL_TOPICS, at its address, and no other', () => {
      const addresses = Object.values(doc.channels).map((channel) => channel.address);
      expect(sorted(addresses)).toEqual(sorted(ALL_TOPICS.map((topic) => topic.name)));
    });

    it('should name each channel after its TOPICS key', () => {
      const byKey = Object.fromEntries(Object.entries(TOPICS).map(([key, topic]) => [key, topic.name]));
      const byChannel = Object.fromEntries(
        Object.entries(doc.channels).map(([channelId, channel]) => [channelId, channel.address]),
      );
      expect(byChannel).toEqual(byKey);
    });

    it("should state each topic's partitions and configs in its Kafka binding", () => {
      for (const [key, topic] of Object.entries(TOPICS)) {
        const kafka = doc.channels[key]?.bindings.kafka;
        const configs = Object.fromEntries(
          Object.entries(kafka?.topicConfiguration ?? {}).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(',') : String(value),
          ]),
        );
        expect({ topic: kafka?.topic, partitions: kafka?.partitions, configs }).toEqual({
          topic: topic.name,
          partitions: topic.partitions,
          configs: topic.configs,
        });
      }
    });
  });

  describe('messages', () => {
    it("should put every event type of a topic's union on its channel, and nothing else", () => {
      for (const key of Object.keys(TOPICS) as Array<keyof typeof TOPICS>) {
        const expected = expectedMessages(key);
        if (!expected) {
          throw new Error(`Declare the event types of ${TOPICS[key].name} in TOPIC_MESSAGES`);
        }
        const documented = messagesOf(key).map(({ message }) => message.name);
        expect({ topic: TOPICS[key].name, messages: sorted(documented) }).toEqual({
          topic: TOPICS[key].name,
          messages: sorted(expected),
        });
      }
    });

    it("should list a channel's event types in its messages' event-type header", () => {
      for (const key of Object.keys(TOPIC_MESSAGES) as Array<keyof typeof TOPIC_MESSAGES>) {
        for (const { message, headers } of messagesOf(key)) {
          const eventType = headers.properties?.['event-type'];
          const listed = key === 'engageEvents' ? undefined : sorted((eventType?.enum ?? []) as string[]);
          expect({ message: message.name, eventTypes: listed }).toEqual({
            message: message.name,
            eventTypes: key === 'engageEvents' ? undefined : sorted(TOPIC_MESSAGES[key] ?? []),
          });
        }
      }
    });

    it('should name each message after the `type` of its payload', () => {
      const misnamed = allMessages()
        .filter(({ message, payload }) => message.name !== ENGAGE_MESSAGE && payload.properties?.type)
        .filter(({ message, payload }) => {
          const type = payload.properties?.type ?? {};
          const values = type.const !== undefined ? [type.const] : (type.enum ?? []);
          return !values.includes(message.name);
        })
        .map(({ message }) => message.name);
      expect(misnamed).toEqual([]);
    });

    it('should describe the key of every message', () => {
      for (const { message, key } of allMessages()) {
        expect({ message: message.name, type: key?.type, described: Boolean(key?.description) }).toEqual({
          message: message.name,
          type: 'string',
          described: true,
        });
      }
    });

    it('should give every message examples that match its schemas', () => {
      for (const { message, payload, headers } of allMessages()) {
        expect({ message: message.name, examples: (message.examples?.length ?? 0) > 0 }).toEqual({
          message: message.name,
          examples: true,
        });
        for (const example of message.examples ?? []) {
          expect({
            message: message.name,
            example: example.name,
            errors: errorsOf(headers, example.headers),
          }).toEqual({ message: message.name, example: example.name, errors: [] });
          expect({
            message: message.name,
            example: example.name,
            errors: errorsOf(payload, example.payload),
          }).toEqual({ message: message.name, example: example.name, errors: [] });
        }
      }
    });
  });

  describe('payload fields, against samples typed with the contracts library', () => {
    let samples: Record<SampledMessage, MessageSample>;
    const eachSample = (): Array<[SampledMessage, MessageSample, Schema]> =>
      (Object.entries(samples) as Array<[SampledMessage, MessageSample]>).map(([name, sample]) => [
        name,
        sample,
        messageNamed(name).payload,
      ]);

    beforeAll(async () => {
      samples = await messageSamples();
    });

    it('should have a sample for every message but dead letters, and no sample without a message', () => {
      const documented = allMessages()
        .map(({ message }) => message.name)
        .filter((name) => name !== DEAD_LETTER_MESSAGE);
      expect(sorted(new Set(documented))).toEqual(sorted(Object.keys(samples)));
    });

    it('should accept every sample, whole and without its optional fields', () => {
      for (const [name, sample, payload] of eachSample()) {
        const minimal = Object.fromEntries(
          Object.entries(sample.full).filter(([field]) => !sample.optional.includes(field)),
        );
        expect({
          message: name,
          full: errorsOf(payload, sample.full),
          minimal: errorsOf(payload, minimal),
        }).toEqual({
          message: name,
          full: [],
          minimal: [],
        });
      }
    });

    it('should list exactly the fields of the type, at every level, and require those it requires', () => {
      for (const [name, sample, payload] of eachSample()) {
        const nulls = Object.keys(sample.full).filter((field) => sample.full[field] === null);
        expect({ message: name, nullInSample: nulls }).toEqual({ message: name, nullInSample: [] });
        expect({
          message: name,
          problems: fieldProblems(payload, sample.full, name, sample.optional),
        }).toEqual({
          message: name,
          problems: [],
        });
      }
    });

    it('should accept null exactly where the type does', () => {
      for (const [name, sample, payload] of eachSample()) {
        const acceptingNull = Object.keys(sample.full).filter(
          (field) => errorsOf(payload, { ...sample.full, [field]: null }).length === 0,
        );
        expect({ message: name, nullable: sorted(acceptingNull) }).toEqual({
          message: name,
          nullable: sorted(sample.nullable),
        });
      }
    });

    it('should list the members of each TS union as its enum, and leave no enum unchecked', () => {
      for (const { message, path, values } of ENUMS) {
        const schema = schemaAt(messageNamed(message).payload, path);
        expect({ message, path, enum: sorted((schema?.enum ?? []) as string[]) }).toEqual({
          message,
          path,
          enum: sorted(values),
        });
      }
      const documented = allMessages().flatMap(({ message, payload }) =>
        enumPaths(payload).map((path) => `${message.name} ${path}`),
      );
      expect(sorted(new Set(documented))).toEqual(
        sorted(ENUMS.map(({ message, path }) => `${message} ${path}`)),
      );
    });
  });

  describe('records as the apps build them', () => {
    let records: RealRecord[];

    beforeAll(async () => {
      records = await realRecords();
    });

    const channelOf = (topic: string): string | undefined =>
      Object.keys(doc.channels).find((channelId) => doc.channels[channelId].address === topic);

    it('should match their message: key, headers and value', () => {
      // The code paths exercised (see realRecords): a change there must not silently shrink the check.
      expect(sorted(new Set(records.map(({ message }) => message)))).toEqual(
        sorted([
          ENGAGE_MESSAGE,
          EMERGENCY_SWITCHED,
          ...BOT_EVENT_TYPES,
          BOT_EFFECT_FAILED,
          BOT_THREAD_READ,
          BOT_ANSWERED,
          BOT_ANSWER_FAILED,
          'handover.requested',
          'handover.queued',
          'thread.handed_over',
          'thread.returned_to_bot',
          'thread.kept_with_agents',
          'thread.close_requested',
          'thread.closed',
          'handover.request_declined',
          'handover.wait_acknowledged',
          'handover.effect_failed',
          'emergency.activated',
          EMERGENCY_SOURCE_DEFAULTS_CHANGED,
          ...AVAILABILITY_EVENT_TYPES,
          DEAD_LETTER_MESSAGE,
        ]),
      );
      for (const { message: name, record } of records) {
        const documented = messagesOf(channelOf(record.topic) ?? '').find(
          ({ message }) => message.name === name,
        );
        expect({ topic: record.topic, message: documented?.message.name }).toEqual({
          topic: record.topic,
          message: name,
        });
        const value: unknown = name === DEAD_LETTER_MESSAGE ? undefined : JSON.parse(record.value);
        expect({
          message: name,
          key: errorsOf(documented?.key ?? {}, record.key),
          headers: errorsOf(documented?.headers ?? {}, record.headers),
          value: value === undefined ? [] : errorsOf(documented?.payload ?? {}, value),
        }).toEqual({ message: name, key: [], headers: [], value: [] });
      }
    });

    it('should carry the event type and id the headers describe', () => {
      for (const { message: name, record } of records.filter(
        ({ message }) => message !== DEAD_LETTER_MESSAGE,
      )) {
        const value = JSON.parse(record.value) as Record<string, unknown>;
        const eventId = value.event_id ?? value.command_id ?? value.id;
        expect({
          message: name,
          eventType: record.headers['event-type'],
          eventId: record.headers['event-id'],
          receivedAt: name === EMERGENCY_SWITCHED ? record.headers['received-at'] : undefined,
        }).toEqual({
          message: name,
          eventType: name === ENGAGE_MESSAGE ? value.type : name,
          eventId: String(eventId),
          receivedAt: name === EMERGENCY_SWITCHED ? value.issued_at : undefined,
        });
      }
    });

    it('should be sent by their app, as a send operation of the document says', () => {
      const sends = Object.values(doc.operations).filter((operation) => operation.action === 'send');
      for (const { producer, message: name, record } of records) {
        const channelId = channelOf(record.topic);
        const messageId = messagesOf(channelId ?? '').find(({ message }) => message.name === name)?.messageId;
        const declared = sends.some(
          (operation) =>
            operation.tags?.some((tag) => tag.name === producer) &&
            operation.channel.$ref === `#/channels/${channelId}` &&
            operation.messages.some((ref) => ref.$ref === `#/channels/${channelId}/messages/${messageId}`),
        );
        expect({ producer, message: name, topic: record.topic, declared }).toEqual({
          producer,
          message: name,
          topic: record.topic,
          declared: true,
        });
      }
    });
  });

  describe('operations', () => {
    const apps: App[] = ['gateway', 'bot-responder', 'handover', 'availability-poller', 'intervention-stats'];

    it('should tag the apps, and reference a channel and only messages of that channel', () => {
      expect(sorted(doc.info.tags.map((tag) => tag.name))).toEqual(sorted(apps));
      for (const [id, operation] of Object.entries(doc.operations)) {
        const channelId = operation.channel.$ref.replace(/^#\/channels\//, '');
        expect({
          id,
          action: ['send', 'receive'].includes(operation.action),
          tags: operation.tags?.map((tag) => apps.includes(tag.name as App)),
          channel: channelId in doc.channels,
          messages: operation.messages.map(
            (ref) =>
              ref.$ref.startsWith(`#/channels/${channelId}/messages/`) &&
              ref.$ref.replace(`#/channels/${channelId}/messages/`, '') in
                (doc.channels[channelId]?.messages ?? {}),
          ),
        }).toEqual({
          id,
          action: true,
          tags: [true],
          channel: true,
          messages: operation.messages.map(() => true),
        });
      }
    });

    it('should give every message a sender, but on reserved channels', () => {
      const sent = new Set(
        Object.values(doc.operations)
          .filter((operation) => operation.action === 'send')
          .flatMap((operation) => operation.messages.map((ref) => ref.$ref)),
      );
      const unsent = Object.entries(doc.channels)
        .filter(([, channel]) => !channel.title?.includes('(reserved)'))
        .flatMap(([channelId, channel]) =>
          Object.keys(channel.messages).map((messageId) => `#/channels/${channelId}/messages/${messageId}`),
        )
        .filter((ref) => !sent.has(ref));
      expect(unsent).toEqual([]);
    });

    it('should have each consuming app receive exactly the topics it subscribes to', () => {
      const received = (app: App): string[] =>
        sorted(
          new Set(
            Object.values(doc.operations)
              .filter(
                (operation) =>
                  operation.action === 'receive' && operation.tags?.some((tag) => tag.name === app),
              )
              .map((operation) => deref<unknown>(operation.channel) as Channel)
              .map((channel) => channel.address),
          ),
        );
      // The topics each app's handlers take events from (no engine or platform is reached here).
      const bot = botResponderHandlers(REPLY_POLICY);
      const handoverConfig = loadHandoverConfig({
        KAFKA_BROKERS: '127.0.0.1:9092',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
        ENGAGE_API_TOKEN: 'token',
        BOT_CATEGORY_ID: REPLY_POLICY.botCategoryId,
        AGENT_CATEGORY_ID: REPLY_POLICY.agentCategoryId,
        BOT_USER_ID: REPLY_POLICY.botUserId,
      });
      const handover = routingHandlers(
        new RoutingService(handoverConfig, routingPolicyOf(handoverConfig), () => new Date()),
      );
      const read = (mode: 'live' | 'replay', handlers: Parameters<typeof consumedTopics>[1]): string[] =>
        sorted(consumedTopics(mode, handlers));
      // Live, each app's own decisions come back on a topic it reads for other events or not at all;
      // replay reads them back: the document lists every topic either mode reads.
      expect(received('bot-responder')).toEqual(
        sorted(new Set([...read('live', bot), ...read('replay', bot)])),
      );
      expect(received('handover')).toEqual(
        sorted(new Set([...read('live', handover), ...read('replay', handover)])),
      );
      expect(received('intervention-stats')).toEqual(read('live', { projectors: statsProjectors(null) }));
    });
  });
});
