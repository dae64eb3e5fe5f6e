import { ALL_TOPICS } from '@handover/contracts';
import { KafkaHealthHttpController, KafkaModule, kafkaConnectionOf } from '@handover/kafka';
import { ObservabilityModule } from '@handover/observability';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EmergencyHttpController } from './admin/emergency.http.controller';
import { EmergencySwitchService } from './admin/emergency-switch.service';
import { ChatTriggerHttpController } from './chat-trigger/chat-trigger.http.controller';
import { gatewayAdminTokens } from './config/admin-tokens.util';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway.config';
import { WebhookHttpController } from './webhooks/webhook.http.controller';
import { WebhookIngestService } from './webhooks/webhook-ingest.service';
import { WebhookMetrics } from './webhooks/webhook.metrics';

@Module({})
export class GatewayModule {
  static forRoot(config: Readonly<GatewayConfig>): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot({
          service: 'gateway',
          logLevel: config.LOG_LEVEL,
          quietRoutes: [{ path: 'webhooks/engage', method: RequestMethod.POST }],
        }),
        TerminusModule,
        KafkaModule.forRootAsync({
          useFactory: () => ({
            ...kafkaConnectionOf(config, 'gateway'),
            lingerMs: config.KAFKA_LINGER_MS,
            maxBufferedRecords: config.KAFKA_MAX_BUFFERED_RECORDS,
            topics: ALL_TOPICS,
          }),
        }),
      ],
      controllers: [
        WebhookHttpController,
        KafkaHealthHttpController,
        // No token, no admin API: its routes answer 404 rather than exist unprotected.
        ...((gatewayAdminTokens(config) ?? []).length === 0 ? [] : [EmergencyHttpController]),
        // No trigger id, no script: GET /chat-trigger.js answers 404.
        ...(config.CHAT_TRIGGER_ID === undefined ? [] : [ChatTriggerHttpController]),
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        WebhookIngestService,
        WebhookMetrics,
        EmergencySwitchService,
      ],
    };
  }
}
