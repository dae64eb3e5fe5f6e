import { Client } from 'pg';

export interface OpenTransactionsReport {
  samples: number;
  /** The oldest transaction any sample saw, in ms. */
  maxAgeMs: number;
  /** Samples that saw a transaction open longer than `heldMs`. */
  heldSamples: number;
  heldMs: number;
}

/**
 * Samples pg_stat_activity of the bench's database (bot-responder is its only client during the load)
 * every `intervalMs`: how old the oldest open transaction is. A transaction held across a bot call
 * would show as one as old as the call.
 */
export class OpenTransactionsSampler {
  private readonly client: Client;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly report: OpenTransactionsReport;

  constructor(
    databaseUrl: string,
    heldMs: number,
    private readonly intervalMs = 20,
  ) {
    this.client = new Client({ connectionString: databaseUrl, application_name: 'bench-sampler' });
    this.report = { samples: 0, maxAgeMs: 0, heldSamples: 0, heldMs };
  }

  async start(): Promise<void> {
    await this.client.connect();
    const tick = (): void => {
      this.running = this.sample().then(() => {
        if (this.timer !== undefined) {
          this.timer = setTimeout(tick, this.intervalMs);
        }
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async finish(): Promise<OpenTransactionsReport> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.client.end();
    return this.report;
  }

  private async sample(): Promise<void> {
    const { rows } = await this.client.query<{ age_ms: number | null }>(
      `SELECT max(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::float8 AS age_ms
       FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
         AND backend_type = 'client backend'`,
    );
    const age = rows[0]?.age_ms ?? 0;
    this.report.samples += 1;
    this.report.maxAgeMs = Math.max(this.report.maxAgeMs, age);
    if (age > this.report.heldMs) {
      this.report.heldSamples += 1;
    }
  }
}
