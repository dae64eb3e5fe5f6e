import { ConsumerMetrics } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';

/** What an operator watches: records applied or parked, batch time, platform calls, expired waits. */
export class HandoverMetrics extends ConsumerMetrics {
  private readonly logger = new Logger('HandoverRuntime');
  private readonly expired: Counter;

  constructor(private readonly routingRegistry: Registry) {
    super(routingRegistry, 'handover');
    this.expired = new Counter({
      name: 'handover_waiting_expired_total',
      help: 'WAITING threads whose waiting time ended (then handled by the configured fallback)',
      registers: [routingRegistry],
    });
  }

  /** Gauges read from the routing projection at scrape time (live only). */
  watchRouting(dataSource: DataSource): void {
    new Gauge({
      name: 'handover_waiting_threads',
      help: 'Threads waiting for an agent (route WAITING), by source',
      labelNames: ['source_id'],
      registers: [this.routingRegistry],
      async collect() {
        const rows = await dataSource.query<Array<{ source_id: string | null; n: number }>>(
          `SELECT source_id, count(*)::int AS n FROM thread_route WHERE route = 'WAITING' GROUP BY source_id`,
        );
        this.reset();
        for (const row of rows) {
          this.set({ source_id: row.source_id ?? 'unknown' }, row.n);
        }
      },
    });
    new Gauge({
      name: 'handover_emergency_active',
      help: 'Whether the emergency handover is on (1) or off (0), as the newest switch says',
      registers: [this.routingRegistry],
      async collect() {
        const [row] = await dataSource.query<Array<{ active: boolean }>>(
          'SELECT active FROM emergency_switch ORDER BY issued_at DESC LIMIT 1',
        );
        this.set(row?.active ? 1 : 0);
      },
    });
  }

  waitingExpired(count: number): void {
    if (count > 0) {
      this.expired.inc(count);
    }
  }

  waitingCheckFailed(error: unknown): void {
    this.logger.error(`Waiting-time check failed; retried at the next pass: ${String(error)}`);
  }
}
