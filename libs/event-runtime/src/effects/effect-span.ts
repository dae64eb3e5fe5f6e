import { TRACE_HEADERS, contextFromHeaders, tracingEnabled } from '@handover/observability';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { type ClaimedEffect } from './effect-store';

// Asked each time, not kept: a tracer found once stays bound to the provider of that moment.
const tracer = () => trace.getTracer('@handover/event-runtime');

/**
 * Runs one attempt of an effect in a CLIENT span named by its kind (`post_reply`,
 * `update_categories`, …), child of the span that recorded it, even though it runs later, in
 * another transaction, maybe in another instance: the ledger row keeps that span's traceparent.
 * What the attempt records when it settles (an outbox row, the next effect) continues beneath it.
 * Ids only as attributes, never the payload (a reply's text). Only called when tracing is on.
 */
export async function attemptInSpan<T extends string>(
  effect: ClaimedEffect,
  attempt: () => Promise<T>,
): Promise<T> {
  const parent = contextFromHeaders({
    [TRACE_HEADERS.parent]: effect.traceParent,
    [TRACE_HEADERS.state]: effect.traceState,
  });
  const span = tracer().startSpan(
    effect.kind,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'handover.effect.id': effect.id,
        'handover.effect.kind': effect.kind,
        'handover.effect.sequence_key': effect.sequenceKey,
        'handover.effect.attempt': effect.attempts,
        'handover.effect.reconcile': effect.wasUnknown,
      },
    },
    parent,
  );
  try {
    const outcome = await context.with(trace.setSpan(parent, span), attempt);
    span.setAttribute('handover.effect.outcome', outcome);
    if (outcome !== 'done') {
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return outcome;
  } finally {
    span.end();
  }
}

/** Says why the attempt running in the current effect span failed (a code, never a message). */
export function noteAttemptFailure(code: string): void {
  if (tracingEnabled()) {
    trace.getActiveSpan()?.setAttribute('error.type', code);
  }
}
