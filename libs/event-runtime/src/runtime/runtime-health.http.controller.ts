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

/** A batch running (or retried) this long holds its partition: the instance is not serving it. */
const STALLED_AFTER_MS = 60_000;
const POSTGRES_TIMEOUT_MS = 1_500;

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
    return this.health.check([() => this.kafka.check(), () => this.postgres(), () => this.consumer()]);
  }

  @Get('live')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  private async postgres(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('postgres');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.runtime.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${POSTGRES_TIMEOUT_MS} ms`)),
            POSTGRES_TIMEOUT_MS,
          );
        }),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
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
