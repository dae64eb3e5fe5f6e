import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { RuntimeHealthHttpController } from '@handover/event-runtime';
import { KafkaHealthHttpController } from '@handover/kafka';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment as DeploymentModel } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service as ServiceModel } from 'kubernetes-models/v1/Service';
import { MetricsHttpController } from '../../libs/observability/src/metrics.http.controller';
import { repoRoot } from '../infra/repo-root';
import {
  APP_CONFIGS,
  SIMULATOR,
  applications,
  consumerApps,
  defaultOf,
  isSecret,
  publicPortVariable,
  readEnvExample,
  readEnvFile,
  sorted,
  variablesOf,
} from './app-variables';
import { CONSUMER_HANDLERS, consumedTopicsOf, usefulReplicasOf } from './consumer-topics';
import {
  DEMO_DIR,
  DEMO_PATCH,
  type Deployment,
  KUBERNETES_DIR,
  type KeyValues,
  type Manifest,
  SECRET_TEMPLATE,
  type Service,
  appliedObjects,
  byKind,
  containerOf,
  containerPort,
  envOf,
  loadManifests,
  named,
  readKustomization,
  selects,
  serviceTarget,
} from './kubernetes-manifests';

type Validatable = new (data: never) => { validate(): void };

/** The schema each kind is checked against (kubernetes-models, the Kubernetes OpenAPI schemas). */
const MODELS: Record<string, Validatable> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': ServiceModel,
  'apps/v1/Deployment': DeploymentModel,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

interface Pdb extends Manifest {
  spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable?: number; minAvailable?: number };
}

interface Hpa extends Manifest {
  spec: { scaleTargetRef: { kind: string; name: string }; minReplicas?: number; maxReplicas: number };
}

/** The path a Nest controller's method answers: what the probes and Prometheus must ask. */
function routeOf(controller: object, method: string): string {
  const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
  const own = Reflect.getMetadata(
    PATH_METADATA,
    (controller as { prototype: Record<string, object> }).prototype[method],
  ) as string;
  return `/${[base, own].filter((part) => part !== '/' && part !== '').join('/')}`;
}

const LIVENESS = routeOf(KafkaHealthHttpController, 'liveness');
const READINESS = routeOf(KafkaHealthHttpController, 'readiness');
const METRICS = routeOf(MetricsHttpController, 'metrics');

const all = loadManifests();
const base = appliedObjects(all, false);
const demo = appliedObjects(all, true);
const template = all.filter((m) => m.file === SECRET_TEMPLATE).map((m) => m.doc as KeyValues);
/** The base as it runs: with the Secret created from its template. */
const deployed = [...base, ...template];
const apps = applications();
const platformApps = apps.filter((app) => app !== SIMULATOR);
const deploymentOf = (app: string, objects: readonly Manifest[] = deployed): Deployment =>
  named<Deployment>(objects, 'Deployment', app);
const envValue = (app: string, name: string, objects: readonly Manifest[] = deployed): string | undefined =>
  envOf(containerOf(deploymentOf(app, objects)), objects).get(name)?.value;
/** Each app and the objects it is deployed with: the base, or the demo for the simulator. */
const deployedApps: Array<[string, readonly Manifest[]]> = apps.map((app) => [
  app,
  app === SIMULATOR ? demo : deployed,
]);

describe('deploy/kubernetes', () => {
  it('should find the manifests', () => {
    expect(all.length).toBeGreaterThan(15);
  });

  it.each(all.map((m) => [`${m.file}: ${m.doc.kind} ${m.doc.metadata?.name}`, m.doc] as const))(
    'should hold a valid object in %s',
    (_where, doc) => {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];

      expect(Model).toBeDefined();
      expect(() => new Model(doc as never).validate()).not.toThrow();
    },
  );

  it('should be namespace-agnostic: applied to any namespace with -n', () => {
    expect(all.filter((m) => m.doc.metadata.namespace !== undefined || m.doc.kind === 'Namespace')).toEqual(
      [],
    );
  });

  it('should apply every manifest with kubectl apply -k, but the Secret template', () => {
    const kustomization = readKustomization('.');
    const baseFiles = sorted(
      all.map((m) => m.file).filter((file) => !file.startsWith(`${DEMO_DIR}/`) && file !== SECRET_TEMPLATE),
    );

    expect(sorted(kustomization.resources)).toEqual(baseFiles);
    expect(kustomization.images?.map((image) => image.name)).toEqual(['handover']);
  });

  it('should make the demo an overlay of the base with its own objects and patch', () => {
    const kustomization = readKustomization(DEMO_DIR);
    const demoFiles = sorted(
      all.map((m) => m.file).filter((file) => file.startsWith(`${DEMO_DIR}/`) && file !== DEMO_PATCH),
    );

    expect(sorted(kustomization.resources)).toEqual(
      sorted(['../', ...demoFiles.map((f) => f.slice(DEMO_DIR.length + 1))]),
    );
    expect(kustomization.patches?.map((patch) => `${DEMO_DIR}/${patch.path}`)).toEqual([DEMO_PATCH]);
    for (const patch of all.filter((m) => m.file === DEMO_PATCH)) {
      expect(named(base, patch.doc.kind, patch.doc.metadata.name)).toBeDefined();
    }
    expect(existsSync(join(KUBERNETES_DIR, DEMO_DIR, 'demo.env'))).toBe(true);
  });

  it('should deploy every app from the one image, the app named by its argument; the simulator only in the demo', () => {
    expect(sorted(byKind(base, 'Deployment').map((d) => d.metadata.name))).toEqual(platformApps);
    for (const [app, objects] of deployedApps) {
      const container = containerOf(deploymentOf(app, objects));
      expect({ app, image: container.image, args: container.args }).toEqual({
        app,
        image: 'handover',
        args: [app],
      });
    }
  });

  it.each(deployedApps)(
    'should run %s unprivileged on a read-only root filesystem, within limits',
    (app, objects) => {
      const deployment = deploymentOf(app, objects);
      const container = containerOf(deployment);

      expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(deployment.spec.template.spec.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(container.resources?.limits?.memory).toBeDefined();
    },
  );

  it('should ask the health routes the apps serve', () => {
    // Every app serves one of these two controllers: both answer the same paths.
    expect([LIVENESS, READINESS]).toEqual(['/health/live', '/health']);
    expect(routeOf(RuntimeHealthHttpController, 'liveness')).toBe(LIVENESS);
    expect(routeOf(RuntimeHealthHttpController, 'readiness')).toBe(READINESS);
  });

  it.each(deployedApps.filter(([app]) => app !== SIMULATOR))(
    'should probe %s on its public port: liveness /health/live, readiness /health',
    (app, objects) => {
      const container = containerOf(deploymentOf(app, objects));
      const port = Number(envValue(app, publicPortVariable(app), objects));
      const probed = (probe: typeof container.livenessProbe) => ({
        path: probe?.httpGet?.path,
        port: containerPort(container, probe?.httpGet?.port ?? ''),
      });

      expect(port).toBeGreaterThan(0);
      expect(probed(container.livenessProbe)).toEqual({ path: LIVENESS, port });
      expect(probed(container.readinessProbe)).toEqual({ path: READINESS, port });
      // Until it first answers, the liveness probe waits: the first start runs the migrations.
      expect(probed(container.startupProbe)).toEqual({ path: LIVENESS, port });
    },
  );

  it('should probe the simulator, which has no health route, on its open port', () => {
    const container = containerOf(deploymentOf(SIMULATOR, demo));
    const port = Number(envValue(SIMULATOR, publicPortVariable(SIMULATOR), demo));

    expect(containerPort(container, container.readinessProbe?.tcpSocket?.port ?? '')).toBe(port);
    expect(containerPort(container, container.livenessProbe?.tcpSocket?.port ?? '')).toBe(port);
  });

  it.each(deployedApps)(
    'should have Prometheus scrape /metrics of %s on its internal port',
    (app, objects) => {
      const deployment = deploymentOf(app, objects);
      const internalPort = envValue(app, 'INTERNAL_PORT', objects);

      expect(deployment.spec.template.metadata.annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': internalPort,
        'prometheus.io/path': METRICS,
      });
      expect(String(containerPort(containerOf(deployment), 'internal'))).toBe(internalPort);
      expect(envValue(app, 'INTERNAL_HOST', objects)).toBe('0.0.0.0');
    },
  );

  it.each(deployedApps)(
    'should give %s every variable it reads, secrets from a Secret only',
    (app, objects) => {
      const env = envOf(containerOf(deploymentOf(app, objects)), objects);
      const problems: string[] = [];
      for (const name of variablesOf(app)) {
        const source = env.get(name);
        if (source === undefined) {
          problems.push(`${name} is not set`);
        } else if (isSecret(name) && source.from !== 'secret') {
          problems.push(`${name} is a secret, but comes from a ${source.from}`);
        } else if (
          source.from === 'secret' &&
          !objects.some(
            (o) =>
              o.kind === 'Secret' &&
              o.metadata.name === source.secret &&
              (o as KeyValues).stringData?.[source.key] !== undefined,
          )
        ) {
          problems.push(`${name} comes from ${source.secret}/${source.key}, which no Secret holds`);
        }
      }
      const own = (containerOf(deploymentOf(app, objects)).env ?? []).map((variable) => variable.name);
      problems.push(
        ...own.filter((name) => !variablesOf(app).includes(name)).map((n) => `${n} is no variable of ${app}`),
      );

      expect(problems).toEqual([]);
    },
  );

  it.each(platformApps)('should give %s the ports, schema and group the docs give it', (app) => {
    const port = Number(envValue(app, 'PORT'));

    expect(String(port)).toBe(defaultOf(app, 'PORT'));
    expect(Number(envValue(app, 'INTERNAL_PORT'))).toBe(port + 6000);
    for (const name of ['DATABASE_SCHEMA', 'KAFKA_GROUP_ID'].filter((n) => variablesOf(app).includes(n))) {
      expect(`${name}=${envValue(app, name)}`).toBe(`${name}=${defaultOf(app, name)}`);
    }
  });
});

describe('the ConfigMap and the Secret template', () => {
  const config = named<KeyValues>(base, 'ConfigMap', 'handover-config');
  const data = config.data ?? {};
  const envExample = readEnvExample();
  /** Where a cluster differs from a process on a laptop: its brokers, and the internal port reached by other pods. */
  const CLUSTER_WIRING = ['KAFKA_BROKERS', 'INTERNAL_HOST'];

  it('should hold no secret', () => {
    expect(Object.keys(data).filter(isSecret)).toEqual([]);
    const secretValues = byKind<KeyValues>(demo, 'Secret').flatMap((s) => Object.values(s.stringData ?? {}));
    expect(Object.values(data).filter((value) => value !== '' && secretValues.includes(value))).toEqual([]);
  });

  it("should hold the settings apps share, at .env.example's values", () => {
    const read = new Set(platformApps.flatMap(variablesOf));
    const mismatches = Object.entries(data)
      .filter(([name]) => !CLUSTER_WIRING.includes(name) && envExample.values.has(name))
      .filter(([name, value]) => envExample.values.get(name) !== value)
      .map(([name, value]) => `${name}=${value}, .env.example: ${envExample.values.get(name)}`);

    expect(mismatches).toEqual([]);
    expect(Object.keys(data).filter((name) => !read.has(name))).toEqual([]);
    // Each app sets its own: one shared value would give every app the same port or schema.
    expect(
      Object.keys(data).filter((name) =>
        ['PORT', 'INTERNAL_PORT', 'DATABASE_SCHEMA', 'KAFKA_GROUP_ID'].includes(name),
      ),
    ).toEqual([]);
  });

  it('should list in the template every secret the apps read, all empty', () => {
    const [secret] = template;
    const referenced = sorted(
      platformApps.flatMap((app) =>
        [...envOf(containerOf(deploymentOf(app)), deployed).values()].flatMap((source) =>
          source.from === 'secret' ? [source.key] : [],
        ),
      ),
    );
    const secretsRead = sorted(platformApps.flatMap(variablesOf).filter(isSecret));

    expect(sorted(Object.keys(secret.stringData ?? {}))).toEqual(secretsRead);
    expect(referenced).toEqual(secretsRead);
    expect(Object.values(secret.stringData ?? {}).filter((value) => value !== '')).toEqual([]);
  });

  it("should point the dashboard's failures panel at each app's internal port, through its Service", () => {
    const urls = Object.fromEntries(
      (data.OPS_API_URLS ?? '').split(',').map((pair) => pair.split('=') as [string, string]),
    );
    expect(serviceTarget(base, urls['bot-responder'])).toEqual({
      deployment: 'bot-responder',
      port: 'internal',
    });
    expect(serviceTarget(base, urls.handover)).toEqual({ deployment: 'handover', port: 'internal' });
  });

  it("should point the dashboard's switch at the gateway's internal port, through a Service", () => {
    expect(serviceTarget(base, data.GATEWAY_URL)).toEqual({ deployment: 'gateway', port: 'internal' });
  });
});

describe('disruption budgets, autoscalers and Services', () => {
  const pdbs = byKind<Pdb>(base, 'PodDisruptionBudget');
  const hpas = byKind<Hpa>(base, 'HorizontalPodAutoscaler');

  it('should know the handlers of every consumer app', () => {
    expect(sorted(Object.keys(CONSUMER_HANDLERS))).toEqual(consumerApps());
    expect(consumerApps()).toEqual(['bot-responder', 'handover', 'intervention-stats']);
  });

  it.each([...consumerApps(), 'availability-poller'])(
    'should keep %s serving while a node is drained: a budget of one pod at a time',
    (app) => {
      const budgets = pdbs.filter((pdb) =>
        selects({ spec: { selector: pdb.spec.selector.matchLabels } }, deploymentOf(app)),
      );

      expect(budgets).toHaveLength(1);
      expect(budgets[0].spec.maxUnavailable).toBe(1);
    },
  );

  it.each(consumerApps())('should autoscale %s no further than the partitions of what it reads', (app) => {
    const [hpa, ...others] = hpas.filter((h) => h.spec.scaleTargetRef.name === app);

    expect(others).toEqual([]);
    expect(hpa.spec.scaleTargetRef.kind).toBe('Deployment');
    expect(consumedTopicsOf(app)).toContain('engage.events.v1');
    expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(usefulReplicasOf(app));
    expect(hpa.spec.minReplicas ?? 1).toBeLessThanOrEqual(hpa.spec.maxReplicas);
  });

  it('should leave the replicas of an autoscaled Deployment to its autoscaler', () => {
    for (const hpa of hpas) {
      // An apply would otherwise put the replica count back at every deploy.
      expect(`${hpa.metadata.name}: ${deploymentOf(hpa.spec.scaleTargetRef.name).spec.replicas}`).toBe(
        `${hpa.metadata.name}: undefined`,
      );
    }
  });

  it('should run a standby availability-poller, not autoscale it: replicas take turns polling', () => {
    expect(hpas.map((hpa) => hpa.spec.scaleTargetRef.name)).not.toContain('availability-poller');
    expect(deploymentOf('availability-poller').spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it("should route every Service to a port its Deployment's container declares", () => {
    for (const service of byKind<Service>(demo, 'Service')) {
      const [deployment, ...others] = byKind<Deployment>(demo, 'Deployment').filter((d) =>
        selects(service, d),
      );
      expect(`${service.metadata.name}: ${others.length}`).toBe(`${service.metadata.name}: 0`);
      for (const port of service.spec.ports) {
        expect(containerPort(containerOf(deployment), port.targetPort)).toBeDefined();
      }
    }
  });

  it('should expose the webhooks and the dashboard, never beside an internal port', () => {
    expect(serviceTarget(base, 'http://gateway/webhooks/engage')).toEqual({
      deployment: 'gateway',
      port: 'http',
    });
    expect(serviceTarget(base, 'http://intervention-stats/dashboard')).toEqual({
      deployment: 'intervention-stats',
      port: 'http',
    });
    for (const service of byKind<Service>(base, 'Service')) {
      const targets = new Set(service.spec.ports.map((port) => port.targetPort));
      expect(`${service.metadata.name}: ${targets.has('http') && targets.has('internal')}`).toBe(
        `${service.metadata.name}: false`,
      );
    }
  });
});

describe('the demo overlay', () => {
  const demoEnv = readEnvFile(join(repoRoot, 'deploy', 'kubernetes', 'demo', 'demo.env'));
  const value = (app: string, name: string): string | undefined => envValue(app, name, demo);

  it.each(apps)('should give %s a configuration it starts with', (app) => {
    const given = Object.fromEntries(
      [...envOf(containerOf(deploymentOf(app, demo)), demo)].map(([name, source]) => [name, source.value]),
    );

    expect(() => APP_CONFIGS[app].load(given)).not.toThrow();
    for (const name of ['BOT_RULES_FILE', 'BOT_OPENAI_SYSTEM_PROMPT_FILE', 'SIMULATOR_SCENARIO']) {
      // Relative to the image's root: the repository's files the Dockerfile copies.
      const path = given[name];
      expect(`${name}: ${path === undefined || existsSync(join(repoRoot, path))}`).toBe(`${name}: true`);
    }
  });

  it('should hold every secret key a demo Deployment requires', () => {
    const missing = byKind<Deployment>(demo, 'Deployment').flatMap((deployment) =>
      [...envOf(containerOf(deployment), demo)]
        .filter(([, source]) => source.from === 'secret' && !source.optional && source.value === undefined)
        .map(([name]) => `${deployment.metadata.name}: ${name}`),
    );

    expect(missing).toEqual([]);
  });

  it('should set the same values as the compose demo (demo.env)', () => {
    for (const [name, expected] of demoEnv) {
      const app = platformApps.find((a) => variablesOf(a).includes(name));
      expect(`${name}=${app === undefined ? 'read by no app' : value(app, name)}`).toBe(
        `${name}=${expected}`,
      );
    }
  });

  it('should wire the apps to the simulator, Kafka and Postgres it runs', () => {
    expect(serviceTarget(demo, value('bot-responder', 'ENGAGE_BASE_URL') ?? '')).toEqual({
      deployment: SIMULATOR,
      port: 'http',
    });
    expect(serviceTarget(demo, value(SIMULATOR, 'SIMULATOR_WEBHOOK_URL') ?? '')).toEqual({
      deployment: 'gateway',
      port: 'http',
    });
    expect(serviceTarget(demo, `kafka://${value('gateway', 'KAFKA_BROKERS')}`).deployment).toBe('kafka');
    const database = new URL(value('handover', 'DATABASE_URL') ?? '');
    expect(serviceTarget(demo, `postgres://${database.host}`).deployment).toBe('postgres');
    const postgres = envOf(containerOf(named<Deployment>(demo, 'Deployment', 'postgres')), demo);
    expect(database.password).toBe(postgres.get('POSTGRES_PASSWORD')?.value);
  });

  it("should have the simulator accept the apps' token and sign its webhooks as the gateway checks", () => {
    expect(value(SIMULATOR, 'SIMULATOR_TOKENS')).toBe(value('bot-responder', 'ENGAGE_API_TOKEN'));
    expect(value(SIMULATOR, 'SIMULATOR_WEBHOOK_VERIFY_TOKEN')).toBe(value('gateway', 'ENGAGE_VERIFY_TOKEN'));
    expect(value(SIMULATOR, 'SIMULATOR_WEBHOOK_SECRET')).toBe(value('gateway', 'ENGAGE_WEBHOOK_SECRET'));
  });
});
