/**
 * Last-resort cleanup for processes and directories this process started, for runs that crash or are
 * interrupted before their teardown: on 'exit' only synchronous work is possible, hence SIGKILL + rmSync.
 */
type SyncCleanup = () => void;

const cleanups = new Set<SyncCleanup>();
let installed = false;

export function cleanUpOnExit(cleanup: SyncCleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort: one failed cleanup must not keep the others from running.
    }
  }
}

function install(): void {
  if (installed) {
    return;
  }
  installed = true;
  process.on('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      runAll();
      process.removeListener(signal, onSignal);
      // A signal listener replaces Node's default of exiting. Whoever else listens now decides (and
      // signal-exit, which Jest loads, re-raises once it sees itself alone); with nobody, restore the default.
      if (process.listenerCount(signal) === 0) {
        process.kill(process.pid, signal);
      }
    };
    // First in line, so that listeners which re-raise when alone (signal-exit) no longer count us.
    process.prependListener(signal, onSignal);
  }
}
