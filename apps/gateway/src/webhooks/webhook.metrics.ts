import { METRICS_REGISTRY } from '@handover/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

export type WebhookOutcome =
  | 'accepted'
  | 'unauthorized'
  | 'unsupported_media_type'
  | 'too_large'
  | 'invalid'
  | 'kafka_unavailable'
  | 'error';

const OUTCOME_BY_STATUS: Readonly<Record<number, WebhookOutcome>> = {
  200: 'accepted',
  400: 'invalid',
  401: 'unauthorized',
  413: 'too_large',
  415: 'unsupported_media_type',
  503: 'kafka_unavailable',
};

@Injectable()
export class WebhookMetrics {
  private readonly requests: Counter<'outcome'>;
  private readonly publishSeconds: Histogram;
  private readonly events: Counter;
  private readonly refused: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests = new Counter({
      name: 'gateway_webhook_requests_total',
      help: 'Webhook deliveries received from RCED, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'gateway_webhook_events_published_total',
      help: 'Events acknowledged by Kafka',
      registers: [registry],
    });
    this.refused = new Counter({
      name: 'gateway_webhook_events_refused_total',
      help: 'Events left out of a delivery because they break the event contract (their valid siblings were published)',
      registers: [registry],
    });
    this.publishSeconds = new Histogram({
      name: 'gateway_kafka_publish_seconds',
      help: 'Time from handing an envelope to the producer until Kafka acknowledged all of its records',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  countResponse(statusCode: number): void {
    this.requests.inc({ outcome: OUTCOME_BY_STATUS[statusCode] ?? 'error' });
  }

  countPublished(events: number): void {
    this.events.inc(events);
  }

  countRefused(events: number): void {
    this.refused.inc(events);
  }

  startPublishTimer(): () => void {
    const stop = this.publishSeconds.startTimer();
    return () => void stop();
  }
}
