/** Work a live app runs beside its consumer (waiting checks, rollups); replay runs none. */
export interface BackgroundJob {
  start(): void;
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` counted from the end of the previous run (runs never overlap), the
 * first one `firstRunAfterMs` after start; a failing run is the caller's to report.
 */
export class PeriodicJob implements BackgroundJob {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<void>,
    private readonly firstRunAfterMs = intervalMs,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(this.firstRunAfterMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.run().finally(() => {
        if (this.running) {
          this.schedule(this.intervalMs);
        }
      });
    }, delayMs);
    // Stopping is the lifecycle's job: a pending run never keeps the process alive.
    this.timer.unref();
  }
}
