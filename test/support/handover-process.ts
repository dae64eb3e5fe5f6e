import { type AppProcess, spawnAppProcess } from './app-process';

export { type ProcessExit } from './app-process';

/** apps/handover/src/main.ts running as its own process, as `node main.js` would, from source. */
export type HandoverProcess = AppProcess;

export function spawnHandover(env: Record<string, string>, port: number): HandoverProcess {
  return spawnAppProcess('handover', 'apps/handover/src/main.ts', env, port);
}
