import { join } from 'node:path';
import { type BenchLifecycle } from './bench-lifecycle';
import { ManagedChild } from './managed-child';
import { CpuMeter, type CpuReport } from './process-stats';
import { REPO_ROOT } from './repo-root';

const RUN_BOUND_MS = 15 * 60_000;

/** Runs a bench TypeScript file as its own process and waits for the one report it sends over IPC. */
export async function runReportingChild<T>(
  lifecycle: BenchLifecycle,
  options: { name: string; file: string; env: NodeJS.ProcessEnv; brokerPid?: number },
): Promise<{ report: T; cpu: CpuReport }> {
  const child = ManagedChild.start({
    name: options.name,
    command: process.execPath,
    args: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', options.file],
    cwd: REPO_ROOT,
    env: options.env,
    ipc: true,
  });
  lifecycle.defer(`stop ${options.name}`, () => child.stop());
  const cpu = new CpuMeter({ subject: child.pid, broker: options.brokerPid });
  const report = (await child.nextMessage(RUN_BOUND_MS)) as T;
  const cpuReport = cpu.finish();
  await child.stop();
  return { report, cpu: cpuReport };
}

export const BENCH_DIR = join(REPO_ROOT, 'bench');
