import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pollUntil } from '../infra';

const REPO = join(__dirname, '..', '..');

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** An app's src/main.ts running as its own process, as `node main.js` would, from source. */
export interface AppProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Settles when the process has exited, however it ended. */
  exit: Promise<ProcessExit>;
  alive(): boolean;
  /** Resolves once GET /health/live answers 200. */
  live(timeoutMs?: number): Promise<void>;
}

/**
 * Spawns `entry` (a main.ts relative to the repository root) with only PATH and `env`, listening on
 * 127.0.0.1:`port`; `name` labels its errors.
 */
export function spawnAppProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  port: number,
): AppProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry],
    {
      cwd: REPO,
      // A free internal port unless the test says which (the default, PORT + 6000, may be taken).
      env: {
        PATH: process.env.PATH ?? '',
        INTERNAL_PORT: '0',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = once(child, 'exit').then(([code, signal]) => {
    exited = true;
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    output: () => output,
    exit,
    alive: () => !exited,
    async live(timeoutMs = 60_000) {
      const died = exit.then(({ code, signal }) => {
        throw new Error(`${name} exited (code ${code}, signal ${signal}) before being live:\n${output}`);
      });
      const ready = pollUntil(
        async () => (await fetch(`${url}/health/live`).catch(() => undefined))?.status === 200,
        { timeoutMs, intervalMs: 200, description: `${name} on ${url} to be live` },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
      died.catch(() => undefined);
      await Promise.race([ready, died]);
    },
  };
}
