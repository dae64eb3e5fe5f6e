import { ToBoolean, ToInt, validationProblems } from '@handover/config';
import { plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { type EffectFilter } from './failed-effects';
import { type ParkedFilter } from './parked-records';

// The filters of `npm run ops … list` and of the admin API's lists: one set of rules and messages,
// each naming the parameter (the CLI puts `--` before it).

export const OPS_LIST_DEFAULT_LIMIT = 50;
export const OPS_LIST_MAX_LIMIT = 1_000;

/** ISO 8601, a date alone being its midnight UTC. */
function IsOpsTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isOpsTime',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && opsTime(value) !== undefined,
      defaultMessage: (args) =>
        `${args?.property ?? 'time'} must be an ISO 8601 time, e.g. 2026-12-06T09:00:00Z`,
    },
  });
}

/** Postgres refuses U+0000 in text: a value holding it could only fail the statement. */
export function HoldsNoNul(): PropertyDecorator {
  return ValidateBy({
    name: 'holdsNoNul',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !value.includes('\u0000'),
      defaultMessage: (args) => `${args?.property ?? 'text'} must not hold U+0000`,
    },
  });
}

/** A thread, kind, consumer or topic to match exactly. */
function IsFilterText(): PropertyDecorator {
  const rules = [
    IsOptional(),
    IsString({ message: ({ property }) => `${property} must be given once` }),
    IsNotEmpty({ message: ({ property }) => `${property} must not be empty` }),
    MaxLength(256),
    HoldsNoNul(),
  ];
  return (target, property) => rules.forEach((rule) => rule(target, property));
}

/** Every field is initialized, so the parameters a query takes are its instance's own keys. */
class OpsListQuery {
  @IsFilterText()
  thread?: string = undefined;

  @IsOptional()
  @IsOpsTime()
  since?: string = undefined;

  @IsOptional()
  @IsOpsTime()
  until?: string = undefined;

  @ToInt()
  @IsInt({ message: `limit must be a whole number from 1 to ${OPS_LIST_MAX_LIMIT}` })
  @Min(1, { message: `limit must be a whole number from 1 to ${OPS_LIST_MAX_LIMIT}` })
  @Max(OPS_LIST_MAX_LIMIT, { message: `limit must be a whole number from 1 to ${OPS_LIST_MAX_LIMIT}` })
  limit: number = OPS_LIST_DEFAULT_LIMIT;
}

export class EffectListQuery extends OpsListQuery {
  @IsFilterText()
  kind?: string = undefined;

  @IsOptional()
  @IsIn(['failed', 'discarded'], { message: 'status must be failed or discarded' })
  status?: 'failed' | 'discarded' = undefined;
}

export class ParkedListQuery extends OpsListQuery {
  @IsFilterText()
  consumer?: string = undefined;

  @IsFilterText()
  topic?: string = undefined;

  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean = undefined;
}

/**
 * Reads parameters (a query string's, a command line's) into `schema`: one problem per unknown or
 * invalid parameter, each naming it, so a refusal says everything to fix at once.
 */
export function readOpsQuery<T extends object>(
  schema: new () => T,
  given: Readonly<Record<string, unknown>>,
): { query: T; problems: string[] } {
  const known = Object.keys(new schema());
  const present = Object.entries(given).filter(([, value]) => value !== undefined);
  // Only known names reach the instance (`__proto__` and the like never do).
  const query = plainToInstance(schema, Object.fromEntries(present.filter(([name]) => known.includes(name))));
  return {
    query,
    problems: [
      ...present
        .filter(([name]) => !known.includes(name))
        .map(([name]) => `${name} is not a parameter (expected ${known.join(', ')})`),
      ...validationProblems(validateSync(query, { stopAtFirstError: true })),
    ],
  };
}

export function effectFilterOf(query: EffectListQuery): EffectFilter {
  return {
    ...timeAndLimit(query),
    ...(query.thread === undefined ? {} : { threadId: query.thread }),
    ...(query.kind === undefined ? {} : { kind: query.kind }),
    ...(query.status === undefined ? {} : { status: query.status }),
  };
}

export function parkedFilterOf(query: ParkedListQuery): ParkedFilter {
  return {
    ...timeAndLimit(query),
    ...(query.consumer === undefined ? {} : { consumer: query.consumer }),
    ...(query.topic === undefined ? {} : { topic: query.topic }),
    ...(query.thread === undefined ? {} : { threadId: query.thread }),
    ...(query.all === true ? { all: true } : {}),
  };
}

function timeAndLimit(query: OpsListQuery): { since?: Date; until?: Date; limit: number } {
  const since = query.since === undefined ? undefined : opsTime(query.since);
  const until = query.until === undefined ? undefined : opsTime(query.until);
  return {
    limit: query.limit,
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  };
}

function opsTime(text: string): Date | undefined {
  const time = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(time) ? new Date(time) : undefined;
}
