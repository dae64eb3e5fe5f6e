import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type WebhookReceipt } from './webhook-ingest.service';

/** The answer to a delivery once Kafka holds every valid event of it. */
export class WebhookReceiptResponse implements WebhookReceipt {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'events published on engage.events.v1' })
  accepted!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'invalid events left out' })
  refused!: number;

  @ApiPropertyOptional({ description: 'why events were left out (the first few); absent when none was' })
  problems?: string;
}
