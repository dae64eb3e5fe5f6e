import { setTimeout as delay } from 'node:timers/promises';

type Cleanup = () => Promise<void> | void;

const CLEANUP_BOUND_MS = 20_000;

/**
 * Owns what a bench starts (children, broker, clients): the cleanups run newest first when the bench
 * ends, fails, is interrupted (Ctrl-C, SIGTERM) or overruns its deadline, and the exit code says which.
 */
export class BenchLifecycle {
  private readonly cleanups: Array<{ what: string; cleanup: Cleanup }> = [];
  private cleaning: Promise<void> | undefined;
  private abortCode: number | undefined;

  defer(what: string, cleanup: Cleanup): void {
    this.cleanups.push({ what, cleanup });
  }

  /**
   * Runs `main`, then the cleanups, and returns its exit code (1 if it threw). Interruptions and the
   * deadline do not wait for `main`: they clean up and exit the process themselves.
   */
  async run(main: () => Promise<number>, deadlineMs: number): Promise<number> {
    const abort = (code: number, message: string): void => {
      this.abortCode ??= code;
      process.stderr.write(`\n${message}: stopping everything the bench started\n`);
      void this.cleanUp().finally(() => process.exit(code));
    };
    const onSigint = (): void => abort(130, 'Interrupted');
    const onSigterm = (): void => abort(143, 'Terminated');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    const deadline = setTimeout(
      () => abort(1, `The bench did not finish within its bound of ${Math.round(deadlineMs / 1_000)} s`),
      deadlineMs,
    );
    let code: number;
    try {
      code = await main();
    } catch (error) {
      // After an interruption, failures are the children being stopped under it: nothing to report.
      if (this.abortCode === undefined) {
        process.stderr.write(
          `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
      code = 1;
    }
    clearTimeout(deadline);
    await this.cleanUp();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
    return this.abortCode ?? code;
  }

  private cleanUp(): Promise<void> {
    this.cleaning ??= (async () => {
      for (const { what, cleanup } of this.cleanups.splice(0).reverse()) {
        const controller = new AbortController();
        try {
          const finished = await Promise.race([
            Promise.resolve(cleanup()).then(() => true),
            delay(CLEANUP_BOUND_MS, false, { signal: controller.signal }),
          ]);
          if (!finished) {
            process.stderr.write(`cleanup "${what}" took over ${CLEANUP_BOUND_MS} ms; moving on\n`);
          }
        } catch (error) {
          process.stderr.write(
            `cleanup "${what}" failed: ${error instanceof Error ? error.message : String(error)}\n`,
          );
        } finally {
          controller.abort();
        }
      }
    })();
    return this.cleaning;
  }
}
