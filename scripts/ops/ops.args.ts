import { parseArgs } from 'node:util';
import {
  type EffectFilter,
  EffectListQuery,
  effectFilterOf,
  ParkedListQuery,
  type ParkedFilter,
  parkedFilterOf,
  readOpsQuery,
} from '@handover/event-runtime';
import { APP_SCHEMAS } from './ops.apps';

export const USAGE = `usage: npm run ops -- <app> <effects|parked> <action> [options]

  <app>  ${Object.keys(APP_SCHEMAS).join(' | ')}

  effects list [--thread T] [--kind K] [--since ISO] [--until ISO] [--limit N] [--status failed|discarded] [--json]
  effects show <id>
  effects retry <id> --reason "…"
  effects discard <id> --reason "…"
  parked list [--consumer C] [--topic T] [--thread T] [--since ISO] [--until ISO] [--limit N] [--all] [--json]
  parked show <consumer/topic/partition/offset> [--value]
  parked retry <consumer/topic/partition/offset> --reason "…"
  parked discard <consumer/topic/partition/offset> --reason "…"

  --schema S   the app's schema when its DATABASE_SCHEMA is not the default
  Reads DATABASE_URL (KAFKA_* for parked show --value and parked retry); the actor is OPS_ACTOR or the OS user.
`;

interface Common {
  app: string;
  schema: string;
  json: boolean;
}

export type OpsCommand = Common &
  (
    | { kind: 'effects list'; filter: EffectFilter }
    | { kind: 'effects show'; id: string }
    | { kind: 'effects retry' | 'effects discard'; id: string; reason: string }
    | { kind: 'parked list'; filter: ParkedFilter }
    | { kind: 'parked show'; id: string; withValue: boolean }
    | { kind: 'parked retry' | 'parked discard'; id: string; reason: string }
  );

/** A command line that cannot be run: the message says what to change. */
export class OpsUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsUsageError';
  }
}

const OPTIONS = {
  thread: { type: 'string' },
  kind: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
  status: { type: 'string' },
  consumer: { type: 'string' },
  topic: { type: 'string' },
  all: { type: 'boolean' },
  value: { type: 'boolean' },
  reason: { type: 'string' },
  schema: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Option = keyof typeof OPTIONS;
type Values = { [K in Option]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

/** The options each command takes besides --schema and --json. */
const ALLOWED: Record<OpsCommand['kind'], readonly Option[]> = {
  'effects list': ['thread', 'kind', 'since', 'until', 'limit', 'status'],
  'effects show': [],
  'effects retry': ['reason'],
  'effects discard': ['reason'],
  'parked list': ['consumer', 'topic', 'thread', 'since', 'until', 'limit', 'all'],
  'parked show': ['value'],
  'parked retry': ['reason'],
  'parked discard': ['reason'],
};

export function parseOpsArgs(argv: readonly string[]): OpsCommand {
  const { values, positionals } = parseStrictly(argv);
  const [app, target, action, id, ...extra] = positionals;
  const schema = values.schema ?? APP_SCHEMAS[app ?? ''];
  if (app === undefined || !(app in APP_SCHEMAS) || schema === undefined) {
    throw new OpsUsageError(
      app === undefined
        ? 'Name an app'
        : `Unknown app "${app}": one of ${Object.keys(APP_SCHEMAS).join(', ')}`,
    );
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new OpsUsageError('--schema must be a lowercase SQL identifier');
  }
  const kind = `${target ?? ''} ${action ?? ''}`;
  if (!(kind in ALLOWED)) {
    throw new OpsUsageError(
      `Unknown command "${kind.trim()}": effects or parked, then list, show, retry or discard`,
    );
  }
  const command = kind as OpsCommand['kind'];
  const given = (Object.keys(values) as Option[]).filter((name) => name !== 'schema' && name !== 'json');
  const refused = given.filter((name) => !ALLOWED[command].includes(name));
  if (refused.length > 0) {
    throw new OpsUsageError(`${command} takes no --${refused.join(', --')}`);
  }
  const takesId = action !== 'list';
  if (extra.length > 0 || (!takesId && id !== undefined)) {
    throw new OpsUsageError(`${command}: unexpected argument "${takesId ? extra[0] : id}"`);
  }
  if (takesId && (id === undefined || id.trim() === '')) {
    throw new OpsUsageError(
      `${command} needs the ${target === 'parked' ? 'parked record key' : 'effect id'}`,
    );
  }
  return commandOf(command, { app, schema, json: values.json === true }, id ?? '', values);
}

function commandOf(kind: OpsCommand['kind'], common: Common, id: string, values: Values): OpsCommand {
  switch (kind) {
    case 'effects list':
      return { ...common, kind, filter: effectFilterOf(listQuery(EffectListQuery, values)) };
    case 'parked list':
      return { ...common, kind, filter: parkedFilterOf(listQuery(ParkedListQuery, values)) };
    case 'effects show':
      return { ...common, kind, id };
    case 'parked show':
      return { ...common, kind, id, withValue: values.value === true };
    case 'effects retry':
    case 'effects discard':
    case 'parked retry':
    case 'parked discard':
      return { ...common, kind, id, reason: reasonOf(kind, values) };
  }
}

function parseStrictly(argv: readonly string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new OpsUsageError(error instanceof Error ? error.message : String(error));
  }
}

function reasonOf(kind: string, values: Values): string {
  const reason = values.reason?.trim() ?? '';
  if (reason === '') {
    throw new OpsUsageError(`${kind} needs --reason "…": it is kept in the audit table`);
  }
  return reason;
}

/** The admin API's rules for the same filters (readOpsQuery), with the options named `--name`. */
function listQuery<T extends object>(schema: new () => T, values: Values): T {
  const { thread, kind, since, until, limit, status, consumer, topic, all } = values;
  const given = { thread, kind, since, until, limit, status, consumer, topic, all };
  const { query, problems } = readOpsQuery(schema, given);
  if (problems.length > 0) {
    throw new OpsUsageError(problems.map((problem) => `--${problem}`).join('; '));
  }
  return query;
}
