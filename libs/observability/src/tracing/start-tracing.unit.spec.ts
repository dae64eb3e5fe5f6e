import { ConfigValidationError } from '@handover/config';
import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { startTracing } from './start-tracing';
import { activeTraceHeaders } from './trace-headers.util';
import { tracingEnabled } from './tracing-state';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    startTracing('gateway', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as ConfigValidationError).problems;
  }
  throw new Error('expected the configuration to be refused');
}

describe(startTracing.name, () => {
  describe('without an OTLP endpoint', () => {
    it('should register nothing: the API stays a no-op and nothing carries a traceparent', () => {
      const tracing = startTracing('gateway', {});

      expect(tracing.enabled).toBe(false);
      expect(tracing.summary).toBe('Tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)');
      expect(tracingEnabled()).toBe(false);
      const span = trace.getTracer('test').startSpan('webhook');
      expect(isSpanContextValid(span.spanContext())).toBe(false);
      const carrier: Record<string, string> = {};
      context.with(trace.setSpan(context.active(), span), () => {
        propagation.inject(context.active(), carrier);
        expect(activeTraceHeaders()).toBeUndefined();
      });
      expect(carrier).toEqual({});
    });

    it('should stay off with OTEL_SDK_DISABLED=true, even with an endpoint', () => {
      const tracing = startTracing('gateway', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_SDK_DISABLED: 'true',
      });

      expect(tracing.enabled).toBe(false);
      expect(tracingEnabled()).toBe(false);
    });
  });

  describe('configuration', () => {
    it('should refuse what this build cannot do, naming the variable', () => {
      expect(problemsOf({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual([
        'OTEL_EXPORTER_OTLP_PROTOCOL: must be http/json (or unset): this build exports OTLP/HTTP with JSON bodies only',
      ]);
      expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([
        'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL, e.g. http://otel-collector:4318',
      ]);
      expect(problemsOf({ OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '2' })).toEqual([
        expect.stringMatching(/^OTEL_TRACES_SAMPLER: must be one of parentbased_always_on, /) as unknown,
        'OTEL_TRACES_SAMPLER_ARG: must not be greater than 1',
      ]);
      expect(problemsOf({ OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '20' })).toEqual([
        'OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed OTEL_BSP_MAX_QUEUE_SIZE',
      ]);
    });

    it('should never echo the export headers, which may hold an API key', () => {
      const problems = problemsOf({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key:s3cr3t-value' });

      expect(problems).toEqual(['OTEL_EXPORTER_OTLP_HEADERS: must be name=value pairs, comma-separated']);
      expect(problems.join()).not.toContain('s3cr3t');
    });
  });

  describe('with an OTLP endpoint', () => {
    // The exporter itself cannot run in Jest's VM (it loads its HTTP transport with a dynamic
    // import()): the export over OTLP/HTTP JSON is proven by test/e2e/tracing.e2e.spec.ts, whose
    // apps are real processes.
    it('should register a provider whose spans carry a W3C traceparent, and unregister it at shutdown', async () => {
      const tracing = startTracing('bot-responder', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:pw@127.0.0.1:4318/',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr3t',
      });
      try {
        expect(tracing.enabled).toBe(true);
        expect(tracingEnabled()).toBe(true);
        expect(tracing.summary).toBe(
          'Tracing on: spans of bot-responder go to http://127.0.0.1:4318/v1/traces (OTLP/HTTP JSON, parentbased_always_on)',
        );
        // Never ended, so never exported.
        const span = trace.getTracer('test').startSpan('process engage.events.v1');
        const { traceId, spanId } = span.spanContext();
        context.with(trace.setSpan(context.active(), span), () => {
          expect(activeTraceHeaders()).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
        });
      } finally {
        await tracing.shutdown();
      }

      expect(tracingEnabled()).toBe(false);
      expect(isSpanContextValid(trace.getTracer('test').startSpan('after').spanContext())).toBe(false);
    });

    it('should name the service by OTEL_SERVICE_NAME over the app name, and the ratio it samples', async () => {
      const tracing = startTracing('bot-responder', {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example.com/otlp/v1/traces',
        OTEL_SERVICE_NAME: 'bot-eu-1',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      });
      await tracing.shutdown();

      expect(tracing.summary).toBe(
        'Tracing on: spans of bot-eu-1 go to https://collector.example.com/otlp/v1/traces (OTLP/HTTP JSON, parentbased_traceidratio 0.25)',
      );
    });
  });
});
