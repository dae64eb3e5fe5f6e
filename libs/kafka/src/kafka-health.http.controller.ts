import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { KafkaHealthIndicator } from './kafka.health';

/** `/health` (readiness: Kafka answers) and `/health/live` (the process serves HTTP), for every app. */
@Controller('health')
export class KafkaHealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** Without Kafka the gateway cannot keep its promise (200 = stored) and consumers consume nothing. */
  @Get()
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.kafka.check()]);
  }

  @Get('live')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
