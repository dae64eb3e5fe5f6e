import { type StartedTestContainer } from 'testcontainers';

/** stop() of a started container that can be called any number of times, and removes its volumes. */
export function stopOnce(container: StartedTestContainer): () => Promise<void> {
  let stopped = false;
  return async () => {
    if (!stopped) {
      stopped = true;
      await container.stop({ removeVolumes: true });
    }
  };
}
