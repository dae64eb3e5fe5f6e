import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { pollUntil } from './poll-until.util';

const STOP_GRACE_MS = 10_000;

/** Stops a broker that `npm run infra:up` left running in an earlier process, and deletes its data. */
export async function stopDetachedBroker(pid: number, dataDir: string): Promise<boolean> {
  const ours = isBrokerProcess(pid, dataDir);
  if (ours) {
    signalQuietly(pid, 'SIGTERM');
    const exited = await pollUntil(() => !isAlive(pid), { timeoutMs: STOP_GRACE_MS }).catch(() => false);
    if (!exited) {
      signalQuietly(pid, 'SIGKILL');
      await pollUntil(() => !isAlive(pid), {
        timeoutMs: 5_000,
        description: `pid ${pid} to exit after SIGKILL`,
      });
    }
  }
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  return ours;
}

/** Whether `pid` still is the broker that uses `dataDir`, so a recycled pid is never signalled. */
export function isBrokerProcess(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) {
    return false;
  }
  let commandLine: string;
  try {
    commandLine = existsSync(`/proc/${pid}/cmdline`)
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      : execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return false;
  }
  return commandLine.includes('kafka.Kafka') && commandLine.includes(dataDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalQuietly(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
