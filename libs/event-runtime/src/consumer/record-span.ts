import { contextFromHeaders, markSpanFailed, messagingAttributes } from '@handover/observability';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { type ConsumedRecord } from './consumed-record';

// Asked each time, not kept: a tracer found once stays bound to the provider of that moment.
const tracer = () => trace.getTracer('@handover/event-runtime');

/**
 * Runs a record's handlers in a CONSUMER span `process <topic>`, child of the span its headers
 * name (the producer's `send`), so that one customer message is one trace across apps. One span
 * per record, not one per batch with links: a batch mixes threads and traces, and a batch span
 * would cut every trace at the consumer. What the handlers record (outbox rows, effects) takes
 * this span as its parent through the active context. The span covers the handlers; the batch's
 * writes go to Postgres with its checkpoint afterwards. Only called when tracing is on.
 */
export function processInSpan(
  record: ConsumedRecord,
  consumer: string,
  handle: () => Promise<void> | undefined,
): Promise<void> | undefined {
  const parent = contextFromHeaders(record.headers);
  const span = tracer().startSpan(
    `process ${record.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...messagingAttributes('process', record),
        'messaging.consumer.group.name': consumer,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.kafka.offset': Number(record.offset),
      },
    },
    parent,
  );
  const failed = (error: unknown): never => {
    markSpanFailed(span, error);
    span.end();
    throw error;
  };
  let pending: Promise<void> | undefined;
  try {
    pending = context.with(trace.setSpan(parent, span), handle);
  } catch (error) {
    return failed(error);
  }
  if (pending === undefined) {
    span.end();
    return undefined;
  }
  return pending.then(() => span.end(), failed);
}
