import { type AppProcess, spawnAppProcess } from './app-process';

export { type ProcessExit } from './app-process';

/** apps/bot-responder/src/main.ts running as its own process, as `node main.js` would, from source. */
export type BotProcess = AppProcess;

export function spawnBotResponder(env: Record<string, string>, port: number): BotProcess {
  return spawnAppProcess('bot-responder', 'apps/bot-responder/src/main.ts', env, port);
}
