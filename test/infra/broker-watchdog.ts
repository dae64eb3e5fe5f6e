import { type ChildProcess, spawn } from 'node:child_process';

// Plain JavaScript for `node -e`. It learns the broker's pid over stdin; stdin closing without
// "done" means the process that started the broker is gone without stopping it.
const WATCHDOG_SOURCE = `
const { rmSync } = require('node:fs');
const dataDir = process.argv[1];
let pid = 0;
let done = false;
let pending = '';
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (pending + chunk).split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    if (line === 'done') { done = true; } else if (line.startsWith('pid ')) { pid = Number(line.slice(4)); }
  }
});
process.stdin.on('close', () => {
  if (done) { return; }
  if (pid > 0 && alive()) { process.kill(pid, 'SIGKILL'); }
  const deadline = Date.now() + 10000;
  const removeWhenGone = () => {
    if (pid > 0 && alive() && Date.now() < deadline) { setTimeout(removeWhenGone, 50); return; }
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  };
  removeWhenGone();
});
`;

/**
 * A tiny separate process that kills the broker and deletes its data dir if the process that started
 * it dies without stopping it: killed outright (SIGKILL, OOM), or a Jest test file, whose sandboxed
 * `process` never sees the real 'exit' and signal events. It runs in its own session so that Ctrl-C
 * on the test run does not take it down before it has cleaned up.
 */
export class BrokerWatchdog {
  private constructor(private readonly child: ChildProcess) {}

  static start(dataDir: string): BrokerWatchdog {
    const child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, dataDir], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.unref();
    child.stdin?.on('error', () => undefined);
    return new BrokerWatchdog(child);
  }

  /** The broker process to kill if we die; 0 while paused. */
  watch(pid: number | undefined): void {
    this.child.stdin?.write(`pid ${pid ?? 0}\n`);
  }

  /** Stopped properly: nothing left to guard. */
  release(): void {
    this.child.stdin?.end('done\n');
  }
}
