import { type ContainerRuntimeClient } from 'testcontainers';

/** `HANDOVER_INFRA`: `container` or `local` force a source; `none` (global setup only) starts nothing. */
export type InfraPreference = 'auto' | 'container' | 'local' | 'none';

export function infraPreference(): InfraPreference {
  const value = (process.env.HANDOVER_INFRA ?? '').trim().toLowerCase();
  switch (value) {
    case '':
    case 'auto':
      return 'auto';
    case 'container':
    case 'local':
    case 'none':
      return value;
    default:
      throw new Error(
        `HANDOVER_INFRA=${value} is not one of: container, local, none (or unset for automatic)`,
      );
  }
}

let engineAnswers: Promise<boolean> | undefined;

/**
 * Whether a Docker engine answers, asked through testcontainers' own runtime detection so that
 * DOCKER_HOST, ~/.testcontainers.properties and rootless sockets count. Bounded because a dead
 * remote DOCKER_HOST can hang for much longer than starting a local broker takes.
 */
export function dockerEngineAnswers(timeoutMs = 2_000): Promise<boolean> {
  engineAnswers ??= detect(timeoutMs);
  return engineAnswers;
}

async function detect(timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const probe = getContainerRuntimeClient().then(
      () => true,
      () => false,
    );
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether to use testcontainers for this run, per HANDOVER_INFRA or else by asking Docker. */
export async function useContainers(): Promise<boolean> {
  switch (infraPreference()) {
    case 'container':
      return true;
    case 'local':
      return false;
    case 'auto':
    case 'none':
      return dockerEngineAnswers();
  }
}

/** testcontainers' client for the Docker engine, failing with what to do about a missing one. */
export async function containerRuntime(): Promise<ContainerRuntimeClient> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new Error(
      `No Docker engine answers testcontainers (${error instanceof Error ? error.message : String(error)}). ` +
        'Start Docker, or unset HANDOVER_INFRA=container to fall back to a local Kafka broker and Postgres.',
      { cause: error },
    );
  }
}

/** Removes a container and its anonymous volumes by id; false if it was already gone. */
export async function removeContainer(containerId: string): Promise<boolean> {
  const client = await containerRuntime();
  const container = client.container.getById(containerId);
  try {
    await client.container.stop(container, { timeout: 0 });
    await client.container.remove(container, { removeVolumes: true });
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      return false;
    }
    throw error;
  }
}
