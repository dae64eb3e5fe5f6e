import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type BenchLifecycle } from './bench-lifecycle';
import { ManagedChild } from './managed-child';
import { REPO_ROOT } from './repo-root';

export type AppName = 'gateway' | 'bot-responder' | 'engage-simulator' | 'handover' | 'intervention-stats';

const SHARED_INPUTS = ['libs'];
const BUILD_CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];

/** Where `nest build <app>` puts the entry point production starts (docker/Dockerfile). */
export function appEntry(app: AppName): string {
  return join(REPO_ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

/**
 * Builds an app as production does (`nest build <app>`) when its dist is missing or older than any
 * of its sources, libs or build configs.
 */
export async function ensureAppBuilt(lifecycle: BenchLifecycle, app: AppName): Promise<string> {
  const entry = appEntry(app);
  const newest = newestInput(app);
  if (existsSync(entry) && statSync(entry).mtimeMs >= newest.mtimeMs) {
    return 'dist is up to date';
  }
  const reason = existsSync(entry)
    ? `${relative(REPO_ROOT, newest.path)} is newer than dist`
    : 'dist is missing';
  process.stderr.write(`building ${app} (${reason})…\n`);
  const started = Date.now();
  const build = ManagedChild.start({
    name: `nest build ${app}`,
    command: join(REPO_ROOT, 'node_modules', '.bin', 'nest'),
    args: ['build', app],
    cwd: REPO_ROOT,
    env: process.env,
  });
  lifecycle.defer(`stop nest build ${app}`, () => build.stop());
  await build.waitForExit();
  if (build.exitCode() !== 0 || !existsSync(entry)) {
    throw build.failure(`failed (${build.exit ?? 'no output'})`);
  }
  return `rebuilt in ${((Date.now() - started) / 1_000).toFixed(1)} s because ${reason}`;
}

function newestInput(app: AppName): { path: string; mtimeMs: number } {
  let newest = { path: '', mtimeMs: 0 };
  const consider = (path: string): void => {
    const { mtimeMs } = statSync(path);
    if (mtimeMs > newest.mtimeMs) {
      newest = { path, mtimeMs };
    }
  };
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (/\.(ts|json|ya?ml)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
        consider(path);
      }
    }
  };
  [`apps/${app}/src`, `apps/${app}/migrations`, ...SHARED_INPUTS]
    .map((root) => join(REPO_ROOT, root))
    .filter(existsSync)
    .forEach(walk);
  [...BUILD_CONFIGS, `apps/${app}/tsconfig.app.json`]
    .map((file) => join(REPO_ROOT, file))
    .filter(existsSync)
    .forEach(consider);
  return newest;
}
