import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { ManagedChild } from '../lib/managed-child';
import { REPO_ROOT } from '../lib/repo-root';

export const GATEWAY_ENTRY = join(REPO_ROOT, 'dist', 'apps', 'gateway', 'apps', 'gateway', 'src', 'main.js');

const SOURCE_ROOTS = ['apps/gateway/src', 'libs'];
const BUILD_CONFIGS = [
  'tsconfig.json',
  'tsconfig.build.json',
  'apps/gateway/tsconfig.app.json',
  'nest-cli.json',
  'package-lock.json',
];

/** Builds the gateway as production does (`nest build gateway`) when dist is missing or older than its sources. */
export async function ensureGatewayBuilt(lifecycle: BenchLifecycle): Promise<string> {
  const newest = newestInput();
  if (existsSync(GATEWAY_ENTRY) && statSync(GATEWAY_ENTRY).mtimeMs >= newest.mtimeMs) {
    return 'dist is up to date';
  }
  const reason = existsSync(GATEWAY_ENTRY)
    ? `${relative(REPO_ROOT, newest.path)} is newer than dist`
    : 'dist is missing';
  process.stderr.write(`building the gateway (${reason})…\n`);
  const started = Date.now();
  const build = ManagedChild.start({
    name: 'nest build gateway',
    command: join(REPO_ROOT, 'node_modules', '.bin', 'nest'),
    args: ['build', 'gateway'],
    cwd: REPO_ROOT,
    env: process.env,
  });
  lifecycle.defer('stop nest build', () => build.stop());
  await build.waitForExit();
  if (build.exitCode() !== 0 || !existsSync(GATEWAY_ENTRY)) {
    throw build.failure(`failed (${build.exit ?? 'no output'})`);
  }
  return `rebuilt in ${((Date.now() - started) / 1_000).toFixed(1)} s because ${reason}`;
}

function newestInput(): { path: string; mtimeMs: number } {
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
      } else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
        consider(path);
      }
    }
  };
  SOURCE_ROOTS.map((root) => join(REPO_ROOT, root))
    .filter(existsSync)
    .forEach(walk);
  BUILD_CONFIGS.map((file) => join(REPO_ROOT, file))
    .filter(existsSync)
    .forEach(consider);
  return newest;
}
