import { pick } from '../support/seeded-random';

/** One fuzzed delivery: a body (JSON text or not) and the headers it is sent with. */
export interface HostileDelivery {
  kind: string;
  body: string;
  contentType: string;
  /** Sent with the right secret: the gateway must judge the body, not the sender. */
  signed: boolean;
}

const NASTY_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\uD800',
  'x\uDC00y',
  '.',
  '..',
  '../../1.0/users',
  '%2e%2e',
  'a/b',
  ' ',
  '',
  'é'.repeat(40),
  '🙏',
  'x'.repeat(10_000),
  '__proto__',
  'constructor',
];
const NASTY_DATES = [
  '2024-W01-1',
  '20240101T000000Z',
  '2024-01-01T00Z',
  '2024-02-30T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  'yesterday',
  '',
  '2024-01-01T00:00:00Z\u0000',
];
const NASTY_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e308, [], {}, [[[]]], { $ne: 1 }];

/**
 * A seeded stream of hostile deliveries covering what issue 13 lists: NUL and lone surrogates in
 * ids and text, dates ISO 8601 allows and `Date` cannot read, ids that change a URL path or are
 * huge, thread events without a thread, deep nesting, too many events, bodies that are not JSON,
 * wrong media types, prototype keys, and valid-looking siblings next to bad events.
 */
export function hostileDelivery(random: () => number, index: number): HostileDelivery {
  const kind = pick(random, KINDS);
  return { kind, ...BUILDERS[kind](random, index) };
}

type Builder = (random: () => number, index: number) => Omit<HostileDelivery, 'kind'>;

const json = (value: unknown): Omit<HostileDelivery, 'kind'> => ({
  body: JSON.stringify(value),
  contentType: 'application/json',
  signed: true,
});

function event(
  random: () => number,
  index: number,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: pick(random, ['content.imported', 'intervention.closed', 'content.thread_closed', 'unknown.type']),
    id: `fuzz-${index}-${Math.floor(random() * 1e9)}`,
    issued_at: new Date().toISOString(),
    resource: {
      type: 'chat/message',
      id: `fuzz-content-${index}`,
      metadata: {
        thread_id: `fuzz-thread-${index % 97}`,
        body: 'fuzz',
        status: 'new',
        created_from: 'synchronizer',
      },
    },
    ...changes,
  };
}

function envelope(
  events: unknown[],
  index: number,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return { id: `fuzz-envelope-${index}`, domain_id: 'fuzz-domain', events, ...changes };
}

const BUILDERS: Record<string, Builder> = {
  nastyId: (r, i) => json(envelope([event(r, i, { id: pick(r, NASTY_STRINGS) })], i)),
  nastyResourceId: (r, i) =>
    json(
      envelope(
        [event(r, i, { resource: { type: 'chat/message', id: pick(r, NASTY_STRINGS), metadata: {} } })],
        i,
      ),
    ),
  nastyThreadId: (r, i) =>
    json(
      envelope(
        [
          event(r, i, {
            resource: { type: 'chat/message', id: `c${i}`, metadata: { thread_id: pick(r, NASTY_STRINGS) } },
          }),
        ],
        i,
      ),
    ),
  nastyText: (r, i) =>
    json(
      envelope(
        [
          event(r, i, {
            resource: {
              type: 'chat/message',
              id: `c${i}`,
              metadata: { thread_id: `t${i}`, body: pick(r, NASTY_STRINGS), [pick(r, NASTY_STRINGS)]: 1 },
            },
          }),
        ],
        i,
      ),
    ),
  nastyDate: (r, i) => json(envelope([event(r, i, { issued_at: pick(r, NASTY_DATES) })], i)),
  nastyValue: (r, i) =>
    json(
      envelope(
        [event(r, i, { [pick(r, ['id', 'type', 'resource', 'issued_at'])]: pick(r, NASTY_VALUES) })],
        i,
      ),
    ),
  nastyEnvelope: (r, i) =>
    json(
      envelope([event(r, i)], i, {
        [pick(r, ['id', 'domain_id', 'events'])]: pick(r, [...NASTY_VALUES, ...NASTY_STRINGS]),
      }),
    ),
  noThread: (r, i) =>
    json(
      envelope(
        [
          event(r, i, {
            type: 'content.thread_closed',
            resource: { type: 'thread', id: `t${i}`, metadata: {} },
          }),
        ],
        i,
      ),
    ),
  deep: (r, i) => {
    const depth = pick(r, [33, 200, 6_000, 20_000]);
    return {
      body: `{"id":"e${i}","domain_id":"d","events":[{"type":"content.imported","id":"x${i}","issued_at":"2024-01-01T00:00:00Z","resource":{"type":"t","id":"r","metadata":{"thread_id":"t","deep":${'['.repeat(depth)}${']'.repeat(depth)}}}}]}`,
      contentType: 'application/json',
      signed: true,
    };
  },
  manyEvents: (r, i) =>
    json(
      envelope(
        Array.from({ length: pick(r, [1_001, 5_000]) }, (_, k) => event(r, i * 10_000 + k)),
        i,
      ),
    ),
  badSibling: (r, i) =>
    json(envelope([event(r, i, { issued_at: pick(r, NASTY_DATES) }), event(r, i + 1)], i)),
  notJson: (r) => ({
    body: pick(r, ['{"id":', 'null', '[]', '"text"', '\u0000', '{"a":1}{"b":2}', '']),
    contentType: 'application/json',
    signed: true,
  }),
  wrongMediaType: (r, i) => ({
    body: JSON.stringify(envelope([event(r, i)], i)),
    contentType: pick(r, ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']),
    signed: true,
  }),
  unsigned: (r, i) => ({ ...json(envelope([event(r, i)], i)), signed: false }),
  protoKeys: (r, i) => ({
    body: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"id":"p${i}","domain_id":"d","events":[${JSON.stringify(event(r, i))}]}`,
    contentType: 'application/json',
    signed: true,
  }),
  tooLarge: (r, i) =>
    json(
      envelope(
        [
          event(r, i, {
            resource: {
              type: 't',
              id: `c${i}`,
              metadata: { thread_id: `t${i}`, body: 'x'.repeat(1_100_000) },
            },
          }),
        ],
        i,
      ),
    ),
};

const KINDS = Object.keys(BUILDERS);
