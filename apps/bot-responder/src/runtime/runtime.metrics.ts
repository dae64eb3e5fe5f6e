import { ConsumerMetrics } from '@handover/kafka';
import { METRICS_REGISTRY } from '@handover/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';

/** What an operator watches: records applied or parked, batch time, platform calls by outcome. */
@Injectable()
export class RuntimeMetrics extends ConsumerMetrics {
  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    super(registry, 'bot_responder');
  }
}
