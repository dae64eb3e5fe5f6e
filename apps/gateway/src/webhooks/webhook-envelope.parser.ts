import { isThreadScopedEventType, engageEventThreadId } from '@handover/contracts';
import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { EngageWebhookEnvelope } from './engage-webhook-envelope.dto';

/**
 * Validates a parsed webhook body, or throws a 400 naming every bad field (`events[1].issued_at`).
 * Returns the body itself, untouched: events are published exactly as RCED sent them.
 */
export function parseWebhookEnvelope(body: unknown): EngageWebhookEnvelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('The body must be a JSON object {id, domain_id, events[]}');
  }
  const errors = validateSync(plainToInstance(EngageWebhookEnvelope, body));
  const problems = errors.flatMap((error) => describe(error, ''));
  const envelope = body as EngageWebhookEnvelope;
  if (problems.length === 0) {
    envelope.events.forEach((event, index) => {
      if (isThreadScopedEventType(event.type) && engageEventThreadId(event) === undefined) {
        problems.push(`events[${index}].resource.metadata.thread_id is required for ${event.type} events`);
      }
    });
  }
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return envelope;
}

function describe(error: ValidationError, parent: string): string[] {
  const path = /^\d+$/.test(error.property)
    ? `${parent}[${error.property}]`
    : parent
      ? `${parent}.${error.property}`
      : error.property;
  const own = Object.values(error.constraints ?? {}).map(
    (message) =>
      `${path} ${message.startsWith(error.property) ? message.slice(error.property.length + 1) : message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}
