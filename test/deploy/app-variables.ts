import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ConfigValidationError } from '@handover/config';
import { EngageClientEnv } from '@handover/engage-client';
import { loadTracingConfig, TracingEnv } from '@handover/observability';
import {
  AvailabilityPollerEnv,
  loadAvailabilityPollerConfig,
} from '../../apps/availability-poller/src/config/availability-poller.config';
import {
  BotResponderEnv,
  loadBotResponderConfig,
} from '../../apps/bot-responder/src/config/bot-responder.config';
import {
  SimulatorConfig,
  loadSimulatorConfig,
} from '../../apps/engage-simulator/src/config/simulator.config';
import { GatewayConfig, loadGatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { HandoverEnv, loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import {
  InterventionStatsEnv,
  loadInterventionStatsConfig,
} from '../../apps/intervention-stats/src/config/intervention-stats.config';
import { DoctorEnv, SECRET_VARIABLES } from '../../scripts/doctor/doctor.config';
import { repoRoot } from '../infra/repo-root';

// What each app reads from its environment, derived from its configuration classes, for the tests
// of what compose and the Kubernetes manifests give each app.

type Env = Record<string, string | undefined>;
type Schema = new () => object;

interface AppConfig {
  /** What the app's main.ts calls with process.env. */
  load: (env: Env) => unknown;
  /** The classes that loader validates the environment with. */
  schemas: readonly Schema[];
}

/** The apps' main.ts read the tracing variables too (startTracing), before their own configuration. */
function withTracing(load: (env: Env) => unknown): (env: Env) => unknown {
  return (env) => {
    loadTracingConfig(env);
    return load(env);
  };
}

/** Each app of nest-cli.json and its configuration (app-variables.unit.spec.ts keeps this true). */
export const APP_CONFIGS: Readonly<Record<string, AppConfig>> = {
  gateway: { load: withTracing(loadGatewayConfig), schemas: [GatewayConfig, TracingEnv] },
  'bot-responder': {
    load: withTracing(loadBotResponderConfig),
    schemas: [BotResponderEnv, EngageClientEnv, TracingEnv],
  },
  handover: { load: withTracing(loadHandoverConfig), schemas: [HandoverEnv, EngageClientEnv, TracingEnv] },
  'availability-poller': {
    load: withTracing(loadAvailabilityPollerConfig),
    schemas: [AvailabilityPollerEnv, EngageClientEnv, TracingEnv],
  },
  'intervention-stats': {
    load: withTracing(loadInterventionStatsConfig),
    schemas: [InterventionStatsEnv, EngageClientEnv, TracingEnv],
  },
  'engage-simulator': { load: loadSimulatorConfig, schemas: [SimulatorConfig] },
};

/** The local RCED stand-in: demos only, never deployed with the apps. */
export const SIMULATOR = 'engage-simulator';

interface NestCli {
  projects: Record<string, { type: string; entryFile: string; compilerOptions?: { tsConfigPath?: string } }>;
}

function nestCli(): NestCli {
  return JSON.parse(readFileSync(join(repoRoot, 'nest-cli.json'), 'utf8')) as NestCli;
}

/** The apps `nest build` builds, as nest-cli.json declares them. */
export function applications(): string[] {
  return Object.entries(nestCli().projects)
    .filter(([, project]) => project.type === 'application')
    .map(([name]) => name)
    .sort();
}

/** An app's entry file, relative to the repository: its source (`.ts`) or as built (`.js` in dist). */
export function entryFileOf(app: string, built: boolean): string {
  const project = nestCli().projects[app];
  if (!built) {
    return `${project.entryFile}.ts`;
  }
  const tsconfigPath = project.compilerOptions?.tsConfigPath ?? '';
  const tsconfig = JSON.parse(readFileSync(join(repoRoot, tsconfigPath), 'utf8')) as {
    compilerOptions: { outDir: string };
  };
  const outDir = join(dirname(tsconfigPath), tsconfig.compilerOptions.outDir);
  return join(outDir, `${project.entryFile}.js`);
}

/** Apps whose main.ts runs the event runtime's consumer (`runApp({ consumes: true })`). */
export function consumerApps(): string[] {
  return applications().filter((app) =>
    /consumes:\s*true/.test(readFileSync(join(repoRoot, entryFileOf(app, false)), 'utf8')),
  );
}

/** Properties an app refuses whenever they are set (`@IsEmpty`): removed or replaced variables. */
function refusedWhenSet(schema: Schema): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .filter((metadata) => metadata.name === 'isEmpty')
    .map((metadata) => metadata.propertyName);
}

/** The variables an app reads only to refuse them by name (removed or replaced ones). */
export function refusedVariablesOf(app: string): string[] {
  return sorted(APP_CONFIGS[app].schemas.flatMap(refusedWhenSet));
}

/** The variables an app reads: every property of its configuration classes, but removed ones. */
export function variablesOf(app: string): string[] {
  const refused = new Set(refusedVariablesOf(app));
  const names = APP_CONFIGS[app].schemas.flatMap((schema) => Object.keys(new schema()));
  return sorted(names.filter((name) => !refused.has(name)));
}

/** What the app's loader actually reads from an (empty) environment, each read recorded. */
export function variablesReadByLoader(app: string): string[] {
  const read = new Set<string>();
  const env = new Proxy<Env>(
    {},
    {
      get(_target, name) {
        if (typeof name === 'string') {
          read.add(name);
        }
        return undefined;
      },
    },
  );
  try {
    APP_CONFIGS[app].load(env);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) {
      throw error;
    }
  }
  return [...read].sort();
}

/** An app's default for a variable, as an environment would spell it; undefined when it has none. */
export function defaultOf(app: string, name: string): string | undefined {
  for (const schema of APP_CONFIGS[app].schemas) {
    const value = (new schema() as Record<string, unknown>)[name];
    if (value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      return value.join(',');
    }
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
  }
  return undefined;
}

/** The variable holding an app's public port (PORT; the simulator's SIMULATOR_PORT). */
export function publicPortVariable(app: string): string {
  const [name, ...others] = variablesOf(app).filter((n) => /(^|_)PORT$/.test(n) && n !== 'INTERNAL_PORT');
  if (name === undefined || others.length > 0) {
    throw new Error(`${app} has no single public port variable`);
  }
  return name;
}

export interface EnvExample {
  /** Every variable .env.example names as `NAME=`, set or in a comment. */
  documented: ReadonlySet<string>;
  /** The value of each variable it sets (`NAME=value` at the start of a line). */
  values: ReadonlyMap<string, string>;
  /** The comment on each such line. */
  comments: ReadonlyMap<string, string>;
}

export function readEnvExample(): EnvExample {
  const text = readFileSync(join(repoRoot, '.env.example'), 'utf8');
  const values = new Map<string, string>();
  const comments = new Map<string, string>();
  for (const line of text.split('\n')) {
    const set = /^([A-Z][A-Z0-9_]*)=(\S*)\s*(?:#\s*(.*))?$/.exec(line);
    if (set) {
      values.set(set[1], set[2]);
      comments.set(set[1], set[3] ?? '');
    }
  }
  // NAME_FILE: the placeholder of the file convention (`NAME_FILE=/run/secrets/name`), no variable.
  const documented = new Set(
    [...text.matchAll(/\b([A-Z][A-Z0-9_]*[A-Z0-9])=/g)]
      .map((match) => match[1])
      .filter((name) => name !== 'NAME_FILE'),
  );
  return { documented, values, comments };
}

/** The variables of the simulator's README configuration table. */
export function simulatorReadmeVariables(): ReadonlySet<string> {
  const text = readFileSync(join(repoRoot, 'apps', SIMULATOR, 'README.md'), 'utf8');
  return new Set([...text.matchAll(/`(SIMULATOR_[A-Z0-9_]+)`/g)].map((match) => match[1]));
}

/** `npm run doctor`'s own variables: documented in .env.example, read by no app. */
export function doctorVariables(): string[] {
  return Object.keys(new DoctorEnv());
}

/**
 * Whether a variable holds a secret: one the doctor never prints, one .env.example calls a secret,
 * or one named as such. A `*_FILE` variable is a path: the file's content may be secret, not it.
 */
export function isSecret(name: string): boolean {
  if (name.endsWith('_FILE')) {
    return false;
  }
  const comment = readEnvExample().comments.get(name) ?? '';
  return (
    (SECRET_VARIABLES as readonly string[]).includes(name) ||
    /\bsecrets?\b/i.test(comment) ||
    /(SECRETS?|TOKENS?|PASSWORD|API_KEY)$/.test(name)
  );
}

/** `NAME=value` lines of an env file (comments and blank lines skipped). */
export function readEnvFile(path: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const set = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (set) {
      values.set(set[1], set[2]);
    }
  }
  return values;
}

export function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
