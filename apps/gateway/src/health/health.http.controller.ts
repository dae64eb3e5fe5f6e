import { KafkaHealthIndicator } from '@handover/kafka';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  /** Readiness: the gateway can only keep its promise (200 = stored) while Kafka answers. */
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
