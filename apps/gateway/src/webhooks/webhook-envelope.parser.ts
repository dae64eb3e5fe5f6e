import { validationProblems } from '@handover/config';
import {
  EngageEvent,
  EngageResource,
  engageEventThreadId,
  isThreadScopedEventType,
} from '@handover/contracts';
import { BadRequestException } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { EngageWebhookEnvelope } from './engage-webhook-envelope.dto';

/**
 * Validates a parsed webhook body, or throws a 400 naming every bad field (`events[1].issued_at`).
 * Returns the body itself, untouched: events are published exactly as RCED sent them.
 */
export function parseWebhookEnvelope(body: unknown): EngageWebhookEnvelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('The body must be a JSON object {id, domain_id, events[]}');
  }
  const errors = validateSync(asValidatable(body as Record<string, unknown>));
  const problems = validationProblems(errors);
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

/**
 * class-validator needs class instances. They are built shallowly here: class-transformer's deep
 * copy of every event's metadata cost more than the validation itself on this hot path.
 */
function asValidatable(body: Record<string, unknown>): EngageWebhookEnvelope {
  const envelope = Object.assign(new EngageWebhookEnvelope(), body);
  if (Array.isArray(body.events)) {
    envelope.events = body.events.map(
      (event: unknown) => (isObject(event) ? asEvent(event) : event) as EngageEvent,
    );
  }
  return envelope;
}

function asEvent(event: Record<string, unknown>): EngageEvent {
  const instance = Object.assign(new EngageEvent(), event);
  if (isObject(event.resource)) {
    instance.resource = Object.assign(new EngageResource(), event.resource);
  }
  return instance;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
