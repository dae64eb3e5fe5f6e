import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { KafkaHealthIndicator } from '@handover/kafka';
import { EventRuntime } from './event-runtime';
import { postgresHealth } from './postgres-health';

/** A batch running (or retried) this long holds its partition: the instance is not serving it. */
const STALLED_AFTER_MS = 60_000;

/**
 * `/health` of a consumer app: ready when Kafka answers, Postgres answers, and the consumer is a
 * member of its group with no partition stalled. `/health/live`: the process serves HTTP.
 */
@Controller('health')
export class RuntimeHealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly runtime: EventRuntime,
  ) {}

  @Get()
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.kafka.check(),
      () => postgresHealth(this.indicators, this.runtime.dataSource),
      () => this.consumer(),
    ]);
  }

  @Get('live')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  private consumer(): HealthIndicatorResult {
    const indicator = this.indicators.check('consumer');
    const { state, partitions, stalled } = this.runtime.probe(STALLED_AFTER_MS);
    if (state !== 'member') {
      return indicator.down({ state });
    }
    return stalled.length > 0 ? indicator.down({ state, partitions, stalled }) : indicator.up({ partitions });
  }
}
