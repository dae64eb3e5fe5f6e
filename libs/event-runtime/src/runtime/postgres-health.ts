import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { KafkaHealthIndicator } from '@handover/kafka';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../database/app-data-source';

const POSTGRES_TIMEOUT_MS = 1_500;

/** `postgres` up when it answers `SELECT 1` within 1.5 s. */
export async function postgresHealth(
  indicators: HealthIndicatorService,
  dataSource: DataSource,
): Promise<HealthIndicatorResult> {
  const indicator = indicators.check('postgres');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      dataSource.query('SELECT 1'),
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

/**
 * `/health` of an app with a database and no consumer (availability-poller): ready when Kafka and
 * Postgres answer. `/health/live`: the process serves HTTP.
 */
@Controller('health')
export class KafkaPostgresHealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaHealthIndicator,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Get()
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.kafka.check(),
      () => postgresHealth(this.indicators, this.dataSource),
    ]);
  }

  @Get('live')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
