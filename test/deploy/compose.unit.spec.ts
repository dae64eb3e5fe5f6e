import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { repoRoot } from '../infra/repo-root';
import {
  APP_CONFIGS,
  SIMULATOR,
  applications,
  defaultOf,
  doctorVariables,
  publicPortVariable,
  readEnvExample,
  readEnvFile,
  simulatorReadmeVariables,
  sorted,
  variablesOf,
} from './app-variables';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
}

const compose = parse(readFileSync(join(repoRoot, 'docker', 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const demoEnv = readEnvFile(join(repoRoot, 'deploy', 'kubernetes', 'demo', 'demo.env'));
const envExample = readEnvExample();

const environmentOf = (app: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(compose.services[app].environment ?? {}).map(([name, value]) => [name, String(value)]),
  );

/** `${NAME:-default}` (default) or `${NAME:?message}` (required), or a value compose fixes itself. */
function interpolation(value: string): { name: string; required: boolean; fallback: string } | undefined {
  const match = /^\$\{([A-Z][A-Z0-9_]*)(:-|:\?)(.*)\}$/.exec(value);
  return match ? { name: match[1], required: match[2] === ':?', fallback: match[3] } : undefined;
}

/**
 * What compose wires itself rather than taking from the env file: its own Kafka and Postgres, each
 * app's ports, schema and group, and which service calls which.
 */
const WIRED = [
  'KAFKA_BROKERS',
  'DATABASE_URL',
  'HOST',
  'PORT',
  'INTERNAL_HOST',
  'INTERNAL_PORT',
  'DATABASE_SCHEMA',
  'KAFKA_GROUP_ID',
  'GATEWAY_URL',
  'OPS_API_URLS',
  'SIMULATOR_HOST',
  'SIMULATOR_PORT',
  'SIMULATOR_WEBHOOK_URL',
];

const apps = applications();
const platformApps = apps.filter((app) => app !== SIMULATOR);

describe('docker/compose.yaml', () => {
  it('should run every app from the one image built once, the app named by its command', () => {
    const [first] = apps;

    for (const app of apps) {
      expect({ app, image: compose.services[app]?.image, command: compose.services[app]?.command }).toEqual({
        app,
        image: 'handover:local',
        command: [app],
      });
      expect(compose.services[app].build).toEqual(compose.services[first].build);
    }
    expect(compose.services[first].build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    const otherServices = Object.entries(compose.services).filter(([name]) => !apps.includes(name));
    expect(otherServices.map(([, service]) => service.image)).not.toContain('handover:local');
  });

  it('should start the simulator only with the demo profile', () => {
    expect(compose.services[SIMULATOR].profiles).toEqual(['demo']);
    expect(platformApps.map((app) => compose.services[app].profiles)).toEqual(
      platformApps.map(() => undefined),
    );
  });

  it.each(apps)('should pass %s every variable it reads, and none it does not', (app) => {
    expect(sorted(Object.keys(environmentOf(app)))).toEqual(variablesOf(app));
  });

  it.each(apps)(
    "should default each variable of %s to .env.example's value (else the app's own), wiring only its own",
    (app) => {
      const problems: string[] = [];
      for (const [name, value] of Object.entries(environmentOf(app))) {
        const interpolated = interpolation(value);
        if (interpolated === undefined) {
          if (!WIRED.includes(name)) {
            problems.push(`${name} is fixed to ${value}: an env file cannot set it`);
          }
          continue;
        }
        const documented = envExample.values.get(interpolated.name);
        const expected = documented ?? defaultOf(app, interpolated.name) ?? interpolated.fallback;
        if (interpolated.required ? expected !== '' : interpolated.fallback !== expected) {
          problems.push(`${name}: ${value}, where the default is "${expected}"`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(apps)('should give %s the ports, schema and group the docs give it', (app) => {
    const env = environmentOf(app);
    const port = Number(env[publicPortVariable(app)]);

    expect(String(port)).toBe(defaultOf(app, publicPortVariable(app)));
    // README "Ports": the internal port is the public one + 6000.
    expect(Number(env.INTERNAL_PORT)).toBe(port + 6000);
    expect(env.INTERNAL_HOST).toBe('0.0.0.0');
    for (const name of ['DATABASE_SCHEMA', 'KAFKA_GROUP_ID'].filter((n) => n in env)) {
      expect(`${name}=${env[name]}`).toBe(`${name}=${defaultOf(app, name)}`);
    }
  });

  it('should publish internal ports (/metrics, /admin) on the loopback only', () => {
    const internalMappings = apps.flatMap((app) => {
      const internal = environmentOf(app).INTERNAL_PORT;
      return (compose.services[app].ports ?? []).filter((mapping) => mapping.endsWith(`:${internal}`));
    });

    expect(internalMappings.length).toBeGreaterThan(0);
    expect(internalMappings.filter((mapping) => !mapping.startsWith('127.0.0.1:'))).toEqual([]);
    expect(compose.services.gateway.ports).toContain(
      `${environmentOf('gateway').PORT}:${environmentOf('gateway').PORT}`,
    );
  });

  it("should wire the dashboard's failures panel to the internal port of each app with an ops admin API", () => {
    expect(environmentOf('intervention-stats').OPS_API_URLS).toBe(
      [
        `bot-responder=http://bot-responder:${environmentOf('bot-responder').INTERNAL_PORT}`,
        `handover=http://handover:${environmentOf('handover').INTERNAL_PORT}`,
        `intervention-stats=http://127.0.0.1:${environmentOf('intervention-stats').INTERNAL_PORT}`,
      ].join(','),
    );
  });

  it('should wire the dashboard to the internal port of the gateway service', () => {
    expect(environmentOf('intervention-stats').GATEWAY_URL).toBe(
      `http://gateway:${environmentOf('gateway').INTERNAL_PORT}`,
    );
  });

  // Expected to fail while .env.example lags the apps (new variables, replaced ones still listed).
  it('should pass the apps only variables .env.example documents, and .env.example only variables apps read', () => {
    const passed = sorted(platformApps.flatMap((app) => Object.keys(environmentOf(app))));
    const read = new Set([...apps.flatMap(variablesOf), ...doctorVariables()]);

    expect(passed.filter((name) => !envExample.documented.has(name))).toEqual([]);
    expect(sorted(envExample.documented).filter((name) => !read.has(name))).toEqual([]);
  });

  it('should pass the simulator only variables documented in its README or .env.example', () => {
    const readme = simulatorReadmeVariables();
    const undocumented = Object.keys(environmentOf(SIMULATOR)).filter(
      (name) => !readme.has(name) && !envExample.documented.has(name),
    );

    expect(sorted(undocumented)).toEqual([]);
  });
});

describe('the compose demo (--env-file deploy/kubernetes/demo/demo.env --profile demo)', () => {
  it('should set every variable compose requires', () => {
    const required = Object.values(compose.services)
      .flatMap((service) => Object.values(service.environment ?? {}))
      .map((value) => interpolation(String(value)))
      .filter((value) => value?.required)
      .map((value) => value!.name);

    expect(required.length).toBeGreaterThan(5);
    for (const name of new Set(required)) {
      expect(`${name}=${demoEnv.get(name) ?? ''}`).toMatch(new RegExp(`^${name}=.+`));
    }
  });

  it.each(apps)('should give %s a configuration it starts with', (app) => {
    const given = Object.fromEntries(
      Object.entries(environmentOf(app)).map(([name, value]) => {
        const interpolated = interpolation(value);
        return [name, interpolated ? (demoEnv.get(interpolated.name) ?? interpolated.fallback) : value];
      }),
    );

    expect(() => APP_CONFIGS[app].load(given)).not.toThrow();
  });

  it('should point the apps at the simulator and its walkthrough platform', () => {
    const simulator = environmentOf(SIMULATOR);

    expect(demoEnv.get('ENGAGE_BASE_URL')).toBe(`http://${SIMULATOR}:${simulator.SIMULATOR_PORT}/1.0`);
    expect(demoEnv.get('BOT_CATEGORY_ID')).toBe(WALKTHROUGH.botCategoryId);
    expect(demoEnv.get('AGENT_CATEGORY_ID')).toBe(WALKTHROUGH.agentCategoryId);
    // A bare token acts as the walkthrough's bot user.
    expect(demoEnv.get('BOT_USER_ID')).toBe(WALKTHROUGH.botUserId);
    expect(demoEnv.get('AVAILABILITY_SOURCE_IDS')).toBe(WALKTHROUGH.sourceId);
    expect(demoEnv.get('HANDOVER_REALTIME_SOURCE_IDS')).toBe(WALKTHROUGH.sourceId);
  });

  it('should have the simulator accept the apps’ token and sign its webhooks as the gateway checks', () => {
    const simulator = environmentOf(SIMULATOR);
    const gateway = environmentOf('gateway');
    const source = (value: string): string | undefined => interpolation(value)?.name;

    expect(source(simulator.SIMULATOR_TOKENS)).toBe('ENGAGE_API_TOKEN');
    expect(source(simulator.SIMULATOR_WEBHOOK_VERIFY_TOKEN)).toBe(source(gateway.ENGAGE_VERIFY_TOKEN));
    expect(source(simulator.SIMULATOR_WEBHOOK_SECRET)).toBe(source(gateway.ENGAGE_WEBHOOK_SECRET));
    expect(simulator.SIMULATOR_WEBHOOK_URL).toBe(`http://gateway:${gateway.PORT}/webhooks/engage`);
  });
});
