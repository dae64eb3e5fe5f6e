import { KafkaProducerService, KafkaPublishError } from '@handover/kafka';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { parseWebhookEnvelope } from './webhook-envelope.parser';
import { webhookToRecords } from './webhook-to-records.mapper';
import { WebhookMetrics } from './webhook.metrics';

@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger(WebhookIngestService.name);

  constructor(
    private readonly producer: KafkaProducerService,
    private readonly metrics: WebhookMetrics,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * RCED retries any non-200 for hours, so a 200 is given only once Kafka holds every event of the
   * envelope; past the bound the answer is 503 and RCED delivers again (duplicates are removed
   * downstream by event id).
   */
  async ingest(body: unknown, receivedAt: Date): Promise<{ accepted: number }> {
    const envelope = parseWebhookEnvelope(body);
    const records = webhookToRecords(envelope, receivedAt);
    const stopTimer = this.metrics.startPublishTimer();
    try {
      await this.producer.publish(records, { timeoutMs: this.config.KAFKA_ACK_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof KafkaPublishError) {
        this.logger.warn(`Envelope ${String(envelope.id)} not acknowledged by Kafka: ${error.code}`);
        throw new ServiceUnavailableException('Events could not be stored; retry later');
      }
      throw error;
    } finally {
      stopTimer();
    }
    this.metrics.countPublished(records.length);
    return { accepted: records.length };
  }
}
