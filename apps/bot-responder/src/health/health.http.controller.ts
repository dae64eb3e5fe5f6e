import { KafkaHealthIndicator } from '@handover/kafka';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** Readiness: without Kafka no message is consumed. */
  @Get()
  @HealthCheck()
  readiness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.kafka.check()]);
  }

  /** Liveness: the process serves HTTP. */
  @Get('live')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
