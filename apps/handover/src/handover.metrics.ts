import { ConsumerMetrics } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';

/** What an operator watches: records applied or parked, batch time, platform calls, expired waits. */
export class HandoverMetrics extends ConsumerMetrics {
  private readonly logger = new Logger('HandoverRuntime');
  private readonly expired: Counter;

  constructor(registry: Registry) {
    super(registry, 'handover');
    this.expired = new Counter({
      name: 'handover_waiting_expired_total',
      help: 'WAITING threads whose waiting time ended (then handled by the configured fallback)',
      registers: [registry],
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
