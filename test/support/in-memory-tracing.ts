import { registerTracing } from '@handover/observability';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** Tracing on inside a test, as startTracing turns it on, with the ended spans kept in memory. */
export interface InMemoryTracing {
  /** The ended spans, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
  /** Unregisters the provider: tracing is off again. */
  stop(): Promise<void>;
}

export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const stop = registerTracing(
    new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  return { spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset(), stop };
}
