import { ConfigValidationError, loadConfig } from '@handover/config';
import { EngageClientEnv } from '@handover/engage-client';
import { TracingEnv, loadTracingConfig } from '@handover/observability';
import { IsOptional, IsUrl } from 'class-validator';
import {
  AvailabilityPollerEnv,
  loadAvailabilityPollerConfig,
} from '../../apps/availability-poller/src/config/availability-poller.config';
import {
  BotResponderEnv,
  loadBotResponderConfig,
} from '../../apps/bot-responder/src/config/bot-responder.config';
import { GatewayConfig, loadGatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { HandoverEnv, loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import { type CheckResult } from './doctor.result';

type Env = Record<string, string | undefined>;

/** The doctor's own variable; everything else is the apps' own, read as they read it. */
export class DoctorEnv {
  /** The public URL RCED calls (the gateway's /webhooks/engage, as RCED's webhook settings hold it). */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'DOCTOR_WEBHOOK_URL must be the http(s) URL RCED calls, e.g. https://…/webhooks/engage' },
  )
  DOCTOR_WEBHOOK_URL?: string = undefined;
}

/** Variables whose values are never printed, whatever a message would say. */
export const SECRET_VARIABLES = [
  'ENGAGE_API_TOKEN',
  'ENGAGE_VERIFY_TOKEN',
  'ENGAGE_WEBHOOK_SECRET',
  'ENGAGE_WEBHOOK_SECRETS',
  'GATEWAY_ADMIN_TOKEN',
  'GATEWAY_ADMIN_TOKENS',
  'ADMIN_TOKENS',
  'OPS_API_TOKEN',
  'DATABASE_URL',
  'KAFKA_SASL_PASSWORD',
  'BOT_HTTP_TOKEN',
  'BOT_HTTP_SIGNING_SECRET',
  'BOT_OPENAI_API_KEY',
  'BOT_DIRECTLINE_SECRET',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
] as const;

/** What the platform and webhook checks need, taken from the environment as the apps read it. */
export interface DoctorSettings {
  /** Set only when ENGAGE_BASE_URL, ENGAGE_API_TOKEN and the other ENGAGE_* variables are valid. */
  engage?: Readonly<EngageClientEnv>;
  botCategoryId?: string;
  agentCategoryId?: string;
  agentTeamId?: string;
  realtimeSourceIds: string[];
  availabilitySourceIds: string[];
  verifyToken?: string;
  /** Set only when DOCTOR_WEBHOOK_URL is a valid URL. */
  webhookUrl?: string;
}

export interface DoctorConfig {
  check: CheckResult;
  settings: DoctorSettings;
}

/** Every app's loader, each run on the same environment: together they know every variable's rule. */
const LOADERS: ReadonlyArray<(env: Env) => unknown> = [
  loadGatewayConfig,
  loadBotResponderConfig,
  loadHandoverConfig,
  loadAvailabilityPollerConfig,
  loadTracingConfig,
  (env) => loadConfig(DoctorEnv, env),
];

const SCHEMAS = [
  GatewayConfig,
  BotResponderEnv,
  HandoverEnv,
  AvailabilityPollerEnv,
  EngageClientEnv,
  TracingEnv,
  DoctorEnv,
];

/** Variables the checks read: unset ones are named so a PASS does not hide what was not looked at. */
const CHECKED = [
  'BOT_CATEGORY_ID',
  'AGENT_CATEGORY_ID',
  'AGENT_TEAM_ID',
  'HANDOVER_REALTIME_SOURCE_IDS',
  'AVAILABILITY_SOURCE_IDS',
  'ENGAGE_VERIFY_TOKEN',
  'DOCTOR_WEBHOOK_URL',
];

/** Without these the doctor cannot talk to the platform at all. */
const REQUIRED = ['ENGAGE_BASE_URL', 'ENGAGE_API_TOKEN'];

export function isSet(env: Env, name: string): boolean {
  return env[name] !== undefined && env[name].trim() !== '';
}

/**
 * Check 1: every variable that is set is valid for every app that reads it (each app's own loader
 * decides), and the doctor's own requirements are met. Problems name the variable, never its value.
 */
export function readDoctorConfig(env: Env): DoctorConfig {
  const problems = new Set<string>();
  for (const load of LOADERS) {
    for (const problem of problemsOf(() => load(env))) {
      const name = variableOf(problem);
      // A missing variable is some app's business; the doctor judges what is set.
      if (name !== undefined && isSet(env, name)) {
        problems.add(plain(problem, name));
      }
    }
  }
  const missing = REQUIRED.filter((name) => !isSet(env, name));
  const engage = attempt(() => loadConfig(EngageClientEnv, env));
  const settings = settingsOf(env, engage);
  const bad = [...problems];
  if (missing.length > 0 || bad.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`not set: ${missing.join(', ')} (the doctor needs them to reach RCED)`] : []),
      ...bad,
    ];
    return {
      settings,
      check: {
        title: 'configuration',
        status: 'FAIL',
        sentence: `The configuration is refused: ${parts.join('; ')}.`,
        fix: 'Correct each variable named above (see .env.example for what it must hold), then run the doctor again.',
      },
    };
  }
  const known = new Set(SCHEMAS.flatMap((schema) => Object.keys(new schema())));
  const setCount = [...known].filter((name) => isSet(env, name)).length;
  const unset = CHECKED.filter((name) => !isSet(env, name));
  return {
    settings,
    check: {
      title: 'configuration',
      status: 'PASS',
      sentence:
        `${setCount} variables are set and all are valid` +
        (unset.length > 0 ? `; not set, so not checked: ${unset.join(', ')}.` : '.'),
    },
  };
}

function settingsOf(env: Env, engage: Readonly<EngageClientEnv> | undefined): DoctorSettings {
  const value = (name: string) => (isSet(env, name) ? env[name]!.trim() : undefined);
  const list = (name: string) =>
    (env[name] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const webhook = attempt(() => loadConfig(DoctorEnv, env));
  return {
    engage,
    botCategoryId: value('BOT_CATEGORY_ID'),
    agentCategoryId: value('AGENT_CATEGORY_ID'),
    agentTeamId: value('AGENT_TEAM_ID'),
    realtimeSourceIds: list('HANDOVER_REALTIME_SOURCE_IDS'),
    availabilitySourceIds: list('AVAILABILITY_SOURCE_IDS'),
    // As the gateway compares it: verbatim, not trimmed.
    verifyToken: isSet(env, 'ENGAGE_VERIFY_TOKEN') ? env.ENGAGE_VERIFY_TOKEN : undefined,
    webhookUrl: webhook?.DOCTOR_WEBHOOK_URL,
  };
}

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems;
    }
    throw error;
  }
}

function attempt<T>(load: () => T): T | undefined {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return undefined;
    }
    throw error;
  }
}

/** `ENGAGE_BASE_URL: must be …` and `AGENT_CATEGORY_ID must differ …` both start with the name. */
function variableOf(problem: string): string | undefined {
  return /^([A-Z][A-Z0-9_]*)\b/.exec(problem)?.[1];
}

function plain(problem: string, name: string): string {
  return problem.startsWith(`${name}:`) ? `${name}${problem.slice(name.length + 1)}` : problem;
}
