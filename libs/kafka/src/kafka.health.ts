import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaAdminService } from './kafka-admin.service';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly admin: KafkaAdminService,
  ) {}

  async check(key = 'kafka', timeoutMs = 1_500): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const cluster = await this.admin.describeClusterWithin(timeoutMs);
      return indicator.up({ brokers: cluster.brokers });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
