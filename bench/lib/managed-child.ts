import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

const TAIL_BYTES = 16_384;
const alive = new Set<ChildProcess>();

// On 'exit' only synchronous work runs: whatever a crashing bench leaves behind is killed outright.
process.on('exit', () => {
  for (const child of alive) {
    child.kill('SIGKILL');
  }
});

export interface ChildSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Opens an IPC channel: the child reports its results with process.send. */
  readonly ipc?: boolean;
}

/** A child process the bench owns: output kept for error messages, stopped with SIGTERM then SIGKILL. */
export class ManagedChild {
  private output = '';
  private exitDescription: string | undefined;
  private readonly exited: Promise<void>;
  private readonly messages: unknown[] = [];
  private messageWaiter: (() => void) | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    alive.add(child);
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (message) => {
      this.messages.push(message);
      this.messageWaiter?.();
    });
    this.exited = new Promise((resolve) => {
      const settle = (description: string): void => {
        this.exitDescription ??= description;
        alive.delete(child);
        this.messageWaiter?.();
        resolve();
      };
      child.once('error', (error) => settle(`could not be started: ${error.message}`));
      child.once('exit', (code, signal) => settle(`exited (${signal ?? `code ${code}`})`));
    });
  }

  static start(spec: ChildSpec): ManagedChild {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: spec.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    return new ManagedChild(spec.name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Why the child is gone, or undefined while it runs. */
  get exit(): string | undefined {
    return this.exitDescription;
  }

  waitForExit(): Promise<void> {
    return this.exited;
  }

  exitCode(): number | null {
    return this.child.exitCode;
  }

  failure(what: string): Error {
    const tail = this.output.trim();
    return new Error(`${this.name} ${what}${tail ? `; its last output:\n${tail}` : ''}`);
  }

  /** The next IPC message, or an error naming the output if the child exits first or time runs out. */
  async nextMessage(timeoutMs: number): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length === 0) {
      if (this.exitDescription !== undefined) {
        throw this.failure(`${this.exitDescription} without reporting`);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw this.failure(`did not report within ${timeoutMs} ms`);
      }
      const controller = new AbortController();
      await Promise.race([
        new Promise<void>((resolve) => (this.messageWaiter = resolve)),
        delay(remaining, undefined, { signal: controller.signal }).catch(() => undefined),
      ]);
      controller.abort();
      this.messageWaiter = undefined;
    }
    return this.messages.shift();
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (this.exitDescription !== undefined || this.child.pid === undefined) {
      return;
    }
    this.child.kill('SIGTERM');
    const controller = new AbortController();
    const graceful = await Promise.race([
      this.exited.then(() => true),
      delay(graceMs, false, { signal: controller.signal }).catch(() => false),
    ]);
    controller.abort();
    if (!graceful) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
