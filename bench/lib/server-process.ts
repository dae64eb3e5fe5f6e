import { pollUntil } from '../../test/infra';
import { type BenchLifecycle } from './bench-lifecycle';
import { freePort } from './free-port.util';
import { ManagedChild } from './managed-child';
import { REPO_ROOT } from './repo-root';

export interface RunningServer {
  readonly child: ManagedChild;
  readonly pid: number;
  readonly baseUrl: string;
  /** The app's internal port: /metrics and /admin/* (ADR 0009). */
  readonly internalUrl: string;
}

export interface ServerSpec {
  readonly name: string;
  /** Arguments to node: flags, then the entry file. */
  readonly nodeArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly healthPath: string;
  readonly startTimeoutMs?: number;
  /** The simulator reads SIMULATOR_PORT and SIMULATOR_HOST where the other apps read PORT and HOST. */
  readonly listenVariables?: { port: string; host: string };
}

/** Starts a Node HTTP server as a child on a free loopback port; resolves once its health path answers 200. */
export async function startServer(lifecycle: BenchLifecycle, spec: ServerSpec): Promise<RunningServer> {
  const port = await freePort();
  const internalPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const names = spec.listenVariables ?? { port: 'PORT', host: 'HOST' };
  const child = ManagedChild.start({
    name: spec.name,
    command: process.execPath,
    args: spec.nodeArgs,
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...spec.env,
      [names.port]: String(port),
      [names.host]: '127.0.0.1',
      INTERNAL_PORT: String(internalPort),
    },
  });
  lifecycle.defer(`stop ${spec.name}`, () => child.stop());
  const healthUrl = `${baseUrl}${spec.healthPath}`;
  const outcome = await pollUntil(
    async () => child.exit ?? ((await answers200(healthUrl)) ? 'ready' : undefined),
    {
      timeoutMs: spec.startTimeoutMs ?? 60_000,
      intervalMs: 100,
      description: `${spec.name} to answer ${healthUrl}`,
    },
  ).catch((error: unknown) => {
    throw child.failure(error instanceof Error ? error.message : String(error));
  });
  if (outcome !== 'ready' || child.pid === undefined) {
    throw child.failure(`${outcome} before answering ${healthUrl}`);
  }
  return { child, pid: child.pid, baseUrl, internalUrl: `http://127.0.0.1:${internalPort}` };
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
