import { KafkaProducerService, KafkaPublishError, KafkaPublishErrorCode } from '@handover/kafka';
import {
  Inject,
  Injectable,
  Logger,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { type Context } from '@opentelemetry/api';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { listed, parseWebhookDelivery } from './webhook-delivery.parser';
import { webhookToRecords } from './webhook-to-records.mapper';
import { WebhookMetrics } from './webhook.metrics';

/** What the gateway answers RCED with a 200. */
export interface WebhookReceipt {
  accepted: number;
  refused: number;
  /** Why events were left out (the first few). */
  problems?: string;
}

@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger(WebhookIngestService.name);

  constructor(
    private readonly producer: KafkaProducerService,
    private readonly metrics: WebhookMetrics,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * RCED retries any non-200 for hours, so a 200 is given only once Kafka holds every valid event
   * of the delivery; past the bound the answer is 503 and RCED delivers again (duplicates are
   * removed downstream by event id). Events that can never be stored are not worth a retry: left
   * out beside valid siblings (200, counted, logged), or 400 / 413 when nothing could be kept.
   * `trace`: the request's span, parent of each event's send span when tracing is on.
   */
  async ingest(body: unknown, receivedAt: Date, trace?: Context): Promise<WebhookReceipt> {
    const delivery = parseWebhookDelivery(body);
    const records = webhookToRecords(delivery, receivedAt);
    const stopTimer = this.metrics.startPublishTimer();
    try {
      await this.producer.publish(records, { timeoutMs: this.config.KAFKA_ACK_TIMEOUT_MS, parent: trace });
    } catch (error) {
      if (error instanceof KafkaPublishError && error.code === KafkaPublishErrorCode.TooLarge) {
        throw new PayloadTooLargeException(`The delivery cannot be stored: ${error.message}`);
      }
      if (error instanceof KafkaPublishError) {
        this.logger.warn(`Delivery ${delivery.id} not acknowledged by Kafka: ${error.code}`);
        throw new ServiceUnavailableException('Events could not be stored; retry later');
      }
      throw error;
    } finally {
      stopTimer();
    }
    this.metrics.countPublished(records.length);
    if (delivery.refused.length === 0) {
      return { accepted: records.length, refused: 0 };
    }
    const problems = listed(delivery.refused.flatMap((event) => event.problems));
    this.metrics.countRefused(delivery.refused.length);
    this.logger.warn(
      `Delivery ${delivery.id}: ${delivery.refused.length} of ${delivery.refused.length + records.length} events left out: ${problems}`,
    );
    return { accepted: records.length, refused: delivery.refused.length, problems };
  }
}
