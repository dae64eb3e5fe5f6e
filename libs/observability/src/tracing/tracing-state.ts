import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

let registered: NodeTracerProvider | undefined;

/**
 * Whether a tracer provider is registered. Hot paths (each record, each effect, each publish) ask
 * this first and do nothing else when it is false: no context lookup, no header string.
 */
export function tracingEnabled(): boolean {
  return registered !== undefined;
}

/**
 * Makes `provider` the process's tracer provider, with the W3C TraceContext propagator (`traceparent`,
 * `tracestate`; no baggage: nothing of ours travels in it) and the async-hooks context manager, so
 * a handler's awaits keep the span it runs in. Returns what undoes it, after flushing the spans.
 */
export function registerTracing(provider: NodeTracerProvider): () => Promise<void> {
  if (registered !== undefined) {
    throw new Error('A tracer provider is registered already: tracing is set up once per process');
  }
  provider.register({ propagator: new W3CTraceContextPropagator() });
  registered = provider;
  return async () => {
    if (registered !== provider) {
      return;
    }
    registered = undefined;
    try {
      await provider.shutdown();
    } finally {
      trace.disable();
      context.disable();
      propagation.disable();
    }
  };
}
