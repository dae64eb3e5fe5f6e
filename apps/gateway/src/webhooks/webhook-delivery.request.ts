import { ENGAGE_ID_RULE } from '@handover/contracts';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { MAX_EVENTS_PER_DELIVERY } from './webhook-delivery.parser';

const ENGAGE_ID: ApiPropertyOptions = {
  description: `${ENGAGE_ID_RULE}, or a non-negative integer as older documents type them`,
  oneOf: [
    { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    { type: 'integer', minimum: 0 },
  ],
};

/** One event of a delivery; README, "What the gateway accepts", says which are valid. */
export class WebhookEventRequest {
  @ApiProperty({ example: 'content.imported' })
  type!: string;

  @ApiProperty(ENGAGE_ID)
  id!: string | number;

  @ApiProperty({ format: 'date-time', description: 'RFC 3339, with Z or an offset' })
  issued_at!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the content or intervention: its type, id and metadata (thread_id, source_id, …)',
  })
  resource!: Record<string, unknown>;
}

/** What RCED POSTs (ENGAGE_API.md §1.3): documentation only, the body is judged by webhook-delivery.parser. */
export class WebhookDeliveryRequest {
  @ApiProperty(ENGAGE_ID)
  id!: string | number;

  @ApiProperty(ENGAGE_ID)
  domain_id!: string | number;

  @ApiProperty({ type: [WebhookEventRequest], maxItems: MAX_EVENTS_PER_DELIVERY })
  events!: WebhookEventRequest[];
}
