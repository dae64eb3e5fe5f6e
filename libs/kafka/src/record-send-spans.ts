import { RECORD_HEADERS } from '@handover/contracts';
import {
  TRACE_HEADERS,
  contextFromHeaders,
  markSpanFailed,
  messagingAttributes,
  traceHeadersOf,
} from '@handover/observability';
import { type Context, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import { type OutgoingRecord } from './outgoing-record';

// Asked each time, not kept: a tracer found once stays bound to the provider of that moment.
const tracer = () => trace.getTracer('@handover/kafka');

export interface SendSpans {
  /** The records with each one's send span in its `traceparent`/`tracestate` headers. */
  readonly records: OutgoingRecord[];
  /** Ends every span: when Kafka acknowledged them, or with the error it gave. */
  end(error?: unknown): void;
}

/**
 * A PRODUCER span `send <topic>` per record, whose context the record then carries to its
 * consumers (W3C Trace Context headers). Its parent is the trace the record already carries (an
 * outbox row written in a traced handler keeps the handler's span in its headers), else `parent`
 * (the webhook request's span), else none: a new trace. Only called when tracing is on.
 */
export function startSendSpans(records: readonly OutgoingRecord[], parent: Context | undefined): SendSpans {
  const spans: Span[] = [];
  const traced = records.map((record) => {
    // Never the active context: the relay runs in whatever context woke it (an effect's span).
    const carried =
      record.headers[TRACE_HEADERS.parent] === undefined
        ? (parent ?? ROOT_CONTEXT)
        : contextFromHeaders(record.headers);
    const span = tracer().startSpan(
      `send ${record.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: messagingAttributes('send', {
          topic: record.topic,
          key: record.key,
          eventId: record.headers[RECORD_HEADERS.eventId],
          eventType: record.headers[RECORD_HEADERS.eventType],
        }),
      },
      carried,
    );
    spans.push(span);
    return { ...record, headers: withSpan(record.headers, span) };
  });
  return {
    records: traced,
    end(error) {
      for (const span of spans) {
        if (error !== undefined) {
          markSpanFailed(span, error);
        }
        span.end();
      }
    },
  };
}

/** The span's own context replaces the one the record came with (whose tracestate the span inherited). */
function withSpan(headers: Readonly<Record<string, string>>, span: Span): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (name !== TRACE_HEADERS.state) {
      copy[name] = headers[name];
    }
  }
  return { ...copy, ...traceHeadersOf(trace.setSpan(ROOT_CONTEXT, span)) };
}
