import { type Context, ROOT_CONTEXT, context, propagation } from '@opentelemetry/api';
import { tracingEnabled } from './tracing-state';

/** The W3C Trace Context headers, as Kafka records and outbox rows carry them. */
export const TRACE_HEADERS = { parent: 'traceparent', state: 'tracestate' } as const;

/** `traceparent` (and `tracestate` when there is one) of `ctx`'s span; undefined when it has none. */
export function traceHeadersOf(ctx: Context): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier[TRACE_HEADERS.parent] === undefined ? undefined : carrier;
}

/**
 * The headers of the span the caller runs in, for what it records to be continued later (an outbox
 * row, an effect); undefined, without building anything, when tracing is off or no span is active.
 */
export function activeTraceHeaders(): Record<string, string> | undefined {
  return tracingEnabled() ? traceHeadersOf(context.active()) : undefined;
}

/** The remote span a record's or row's headers name, as a parent; the root context when none. */
export function contextFromHeaders(headers: Readonly<Record<string, string | null | undefined>>): Context {
  const parent = headers[TRACE_HEADERS.parent];
  if (parent === undefined || parent === null) {
    return ROOT_CONTEXT;
  }
  const state = headers[TRACE_HEADERS.state];
  return propagation.extract(ROOT_CONTEXT, {
    [TRACE_HEADERS.parent]: parent,
    ...(state === undefined || state === null ? {} : { [TRACE_HEADERS.state]: state }),
  });
}
