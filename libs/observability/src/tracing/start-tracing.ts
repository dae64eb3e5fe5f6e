import { randomUUID } from 'node:crypto';
import { ConfigValidationError, loadConfig } from '@handover/config';
import { Logger } from '@nestjs/common';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { registerTracing } from './tracing-state';
import { TracingEnv } from './tracing.env';

/** What main.ts holds: whether spans leave the process, a line saying so, and the flush at exit. */
export interface Tracing {
  readonly enabled: boolean;
  /** For the startup log: where spans go, never a header value. */
  readonly summary: string;
  /** Exports what is pending (bounded by `timeoutMs`) and unregisters the provider. */
  shutdown(timeoutMs?: number): Promise<void>;
}

/** One line per this long at most when exports fail: a collector down must not flood the logs. */
const EXPORT_ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * Tracing for the app `serviceName`, from the OTEL_* variables (TracingEnv, validated like every
 * config: a bad one throws ConfigValidationError naming it). With no OTLP endpoint, or with
 * OTEL_SDK_DISABLED=true, nothing is registered: the OpenTelemetry API stays a no-op and the code
 * paths that trace ask `tracingEnabled()` and skip. Call it first in main.ts, before Nest builds
 * the app, and `shutdown()` after the app closed, so the last spans are flushed.
 */
export function startTracing(serviceName: string, env: Record<string, string | undefined>): Tracing {
  const config = loadTracingConfig(env);
  const url = tracesUrl(config);
  if (url === undefined || config.OTEL_SDK_DISABLED) {
    const why = url === undefined ? 'no OTEL_EXPORTER_OTLP_ENDPOINT' : 'OTEL_SDK_DISABLED=true';
    return { enabled: false, summary: `Tracing off (${why})`, shutdown: () => Promise.resolve() };
  }
  const name = config.OTEL_SERVICE_NAME ?? keyValues(config.OTEL_RESOURCE_ATTRIBUTES)['service.name'];
  const resource = defaultResource().merge(
    resourceFromAttributes({
      ...keyValues(config.OTEL_RESOURCE_ATTRIBUTES),
      'service.name': name ?? serviceName,
      'service.instance.id': randomUUID(),
    }),
  );
  const exporter = new OTLPTraceExporter({
    url,
    headers: {
      ...keyValues(config.OTEL_EXPORTER_OTLP_HEADERS),
      ...keyValues(config.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    },
    timeoutMillis: config.OTEL_EXPORTER_OTLP_TIMEOUT,
  });
  const processor = new BatchSpanProcessor(exporter, {
    scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
    maxQueueSize: config.OTEL_BSP_MAX_QUEUE_SIZE,
    maxExportBatchSize: config.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
    exportTimeoutMillis: config.OTEL_BSP_EXPORT_TIMEOUT,
  });
  const provider = new NodeTracerProvider({
    resource,
    sampler: samplerOf(config),
    spanProcessors: [processor],
  });
  logExportErrors();
  const unregister = registerTracing(provider);
  const sampling = config.OTEL_TRACES_SAMPLER.includes('ratio')
    ? `${config.OTEL_TRACES_SAMPLER} ${config.OTEL_TRACES_SAMPLER_ARG}`
    : config.OTEL_TRACES_SAMPLER;
  return {
    enabled: true,
    summary: `Tracing on: spans of ${name ?? serviceName} go to ${withoutCredentials(url)} (OTLP/HTTP JSON, ${sampling})`,
    shutdown: (timeoutMs = 5_000) => settledWithin(unregister().catch(warnLastExport), timeoutMs),
  };
}

/** The OTEL_* variables, validated (ConfigValidationError naming each bad one, never its value). */
export function loadTracingConfig(env: Record<string, string | undefined>): Readonly<TracingEnv> {
  const config = loadConfig(TracingEnv, env);
  if (config.OTEL_BSP_MAX_EXPORT_BATCH_SIZE > config.OTEL_BSP_MAX_QUEUE_SIZE) {
    throw new ConfigValidationError([
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed OTEL_BSP_MAX_QUEUE_SIZE',
    ]);
  }
  return config;
}

/** As the SDK reads them: the traces endpoint as is, else `/v1/traces` under the base endpoint. */
function tracesUrl(config: TracingEnv): string | undefined {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined) {
    return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  }
  const base = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base === undefined ? undefined : `${base.replace(/\/+$/, '')}/v1/traces`;
}

function samplerOf(config: TracingEnv): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG);
  switch (config.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default: {
      const unknown: never = config.OTEL_TRACES_SAMPLER;
      throw new Error(`Unknown sampler ${String(unknown)}`);
    }
  }
}

/** `a=1, b=x%20y` → {a: '1', b: 'x y'} (W3C Baggage's encoding, which the OTEL_* lists use). */
function keyValues(list: string | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of list?.split(',') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0) {
      values[pair.slice(0, at).trim()] = decoded(pair.slice(at + 1).trim());
    }
  }
  return values;
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The collector's address for a log line: no user:password@ part, no query. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/**
 * The SDK reports failed exports to its global error handler, silent by default: a collector that
 * is down or refuses our spans is said, once a minute at most. The message is the exporter's (a
 * status, a network error), which holds neither the headers sent nor any span content.
 */
function logExportErrors(): void {
  const logger = new Logger('Tracing');
  let lastLogged = 0;
  setGlobalErrorHandler((error) => {
    const now = Date.now();
    if (now - lastLogged >= EXPORT_ERROR_LOG_INTERVAL_MS) {
      lastLogged = now;
      const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown';
      logger.warn(`Spans could not be exported (said at most once a minute): ${message}`);
    }
  });
}

function warnLastExport(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  new Logger('Tracing').warn(`The last spans could not be exported: ${message}`);
}

/** Waits for `promise`, or `ms` at most; never rejects (a flush failing at exit changes nothing). */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
