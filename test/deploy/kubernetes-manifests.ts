import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../infra/repo-root';

// deploy/kubernetes read as kubectl would get it: every document of every file, and what a
// Deployment's container is given (its env, from its ConfigMaps and Secrets).

export const KUBERNETES_DIR = join(repoRoot, 'deploy', 'kubernetes');
export const SECRET_TEMPLATE = 'secret.template.yaml';
export const DEMO_DIR = 'demo';
export const DEMO_PATCH = 'demo/config.patch.yaml';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[] };
  };
}

export interface Deployment extends Manifest {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: {
        containers: Container[];
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
      };
    };
  };
}

export interface Service extends Manifest {
  spec: {
    selector: Record<string, string>;
    ports: Array<{ name?: string; port: number; targetPort: string | number }>;
  };
}

export interface KeyValues extends Manifest {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface LoadedManifest {
  /** Relative to deploy/kubernetes. */
  file: string;
  doc: Manifest;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      return yamlFiles(path);
    }
    return entry.endsWith('.yaml') ? [relative(KUBERNETES_DIR, path)] : [];
  });
}

/** Every object of every manifest file (kustomization files apart), with the file it is in. */
export function loadManifests(): LoadedManifest[] {
  return yamlFiles(KUBERNETES_DIR)
    .filter((file) => !file.endsWith('kustomization.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(KUBERNETES_DIR, file), 'utf8')).map((document) => {
        if (document.errors.length > 0) {
          throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
        }
        return { file, doc: document.toJS() as Manifest };
      }),
    );
}

export function readKustomization(dir: string): {
  resources: string[];
  patches?: Array<{ path: string }>;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
} {
  const [document] = parseAllDocuments(readFileSync(join(KUBERNETES_DIR, dir, 'kustomization.yaml'), 'utf8'));
  return document.toJS() as ReturnType<typeof readKustomization>;
}

/** What kubectl apply -k applies: the base alone, or the demo overlay (the base, its objects, its patch). */
export function appliedObjects(all: readonly LoadedManifest[], withDemo: boolean): Manifest[] {
  const base = all.filter((m) => !m.file.startsWith(`${DEMO_DIR}/`) && m.file !== SECRET_TEMPLATE);
  const demo = all.filter((m) => m.file.startsWith(`${DEMO_DIR}/`) && m.file !== DEMO_PATCH);
  const patches = all.filter((m) => m.file === DEMO_PATCH).map((m) => m.doc as KeyValues);
  if (!withDemo) {
    return base.map((m) => m.doc);
  }
  const patched = base.map(({ doc }) => {
    const patch = patches.find((p) => p.kind === doc.kind && p.metadata.name === doc.metadata.name);
    return patch ? { ...doc, data: { ...(doc as KeyValues).data, ...patch.data } } : doc;
  });
  return [...patched, ...demo.map((m) => m.doc)];
}

export function byKind<T extends Manifest>(objects: readonly Manifest[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as T[];
}

export function named<T extends Manifest>(objects: readonly Manifest[], kind: string, name: string): T {
  const found = byKind<T>(objects, kind).find((object) => object.metadata.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} ${name}`);
  }
  return found;
}

export function containerOf(deployment: Deployment): Container {
  const [container, ...others] = deployment.spec.template.spec.containers;
  if (others.length > 0) {
    throw new Error(`${deployment.metadata.name} has more than one container`);
  }
  return container;
}

export function containerPort(container: Container, port: string | number): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Where a container's variable comes from, as Kubernetes resolves it (env over envFrom). */
export type EnvSource =
  | { from: 'value'; value: string }
  | { from: 'secret'; secret: string; key: string; optional: boolean; value: string | undefined }
  | { from: 'configMap'; configMap: string; value: string | undefined };

export function envOf(container: Container, objects: readonly Manifest[]): Map<string, EnvSource> {
  const sources = new Map<string, EnvSource>();
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const configMap = named<KeyValues>(objects, 'ConfigMap', from.configMapRef.name);
      for (const [name, value] of Object.entries(configMap.data ?? {})) {
        sources.set(name, { from: 'configMap', configMap: configMap.metadata.name, value });
      }
    }
    if (from.secretRef) {
      throw new Error(`${container.name}: a whole Secret as env gives every app every secret`);
    }
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    if (secretRef) {
      const secret = byKind<KeyValues>(objects, 'Secret').find((s) => s.metadata.name === secretRef.name);
      sources.set(variable.name, {
        from: 'secret',
        secret: secretRef.name,
        key: secretRef.key,
        optional: secretRef.optional === true,
        value: secret?.stringData?.[secretRef.key],
      });
    } else if (configMapRef) {
      const configMap = named<KeyValues>(objects, 'ConfigMap', configMapRef.name);
      sources.set(variable.name, {
        from: 'configMap',
        configMap: configMapRef.name,
        value: configMap.data?.[configMapRef.key],
      });
    } else {
      sources.set(variable.name, { from: 'value', value: variable.value ?? '' });
    }
  }
  return sources;
}

/** The Deployment whose pods a Service selects, and the container port its targetPort names. */
export function serviceTarget(
  objects: readonly Manifest[],
  url: string,
): { deployment: string; port: string | number } {
  const { hostname, port } = new URL(url);
  const service = named<Service>(objects, 'Service', hostname);
  const entry = service.spec.ports.find((p) => p.port === Number(port || 80));
  if (entry === undefined) {
    throw new Error(`Service ${hostname} has no port ${port || 80}`);
  }
  const [deployment] = byKind<Deployment>(objects, 'Deployment').filter((d) => selects(service, d));
  if (deployment === undefined) {
    throw new Error(`Service ${hostname} selects no Deployment`);
  }
  return { deployment: deployment.metadata.name, port: entry.targetPort };
}

export function selects(
  selector: { spec: { selector: Record<string, string> } } | Service,
  deployment: Deployment,
): boolean {
  const labels = deployment.spec.template.metadata.labels;
  return Object.entries(selector.spec.selector).every(([key, value]) => labels[key] === value);
}
