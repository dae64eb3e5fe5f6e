import { ToBoolean, ToInt, ToNumber } from '@handover/config';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsUrl, Matches, Max, Min } from 'class-validator';

export const TRACES_SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

/** `key=value` pairs separated by commas, as OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES hold them. */
export const KEY_VALUE_LIST = /^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/;

const OTLP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * Tracing, by the OpenTelemetry SDK's own variable names (docs/tracing.md). No endpoint: tracing is
 * off and nothing is registered, the API's no-op tracer costs nothing. Only what this build can do
 * is accepted: OTLP over HTTP with JSON bodies (the exporter we ship), so `grpc` and `http/protobuf`
 * are refused by name rather than silently sent as JSON.
 */
export class TracingEnv {
  /** The collector's base URL; spans go to `<it>/v1/traces`. */
  @IsOptional()
  @IsUrl(OTLP_URL, {
    message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, e.g. http://otel-collector:4318',
  })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string = undefined;

  /** The full URL spans go to, as is (wins over OTEL_EXPORTER_OTLP_ENDPOINT). */
  @IsOptional()
  @IsUrl(OTLP_URL, {
    message:
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL, e.g. http://otel-collector:4318/v1/traces',
  })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string = undefined;

  /** Sent with every export, `name=value,…` (values percent-encoded). Secret: may hold an API key. */
  @IsOptional()
  @Matches(KEY_VALUE_LIST, {
    message: 'OTEL_EXPORTER_OTLP_HEADERS must be name=value pairs, comma-separated',
  })
  OTEL_EXPORTER_OTLP_HEADERS?: string = undefined;

  /** Like OTEL_EXPORTER_OTLP_HEADERS, for traces only; a name in both takes this value. Secret. */
  @IsOptional()
  @Matches(KEY_VALUE_LIST, {
    message: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS must be name=value pairs, comma-separated',
  })
  OTEL_EXPORTER_OTLP_TRACES_HEADERS?: string = undefined;

  @IsOptional()
  @IsIn(['http/json'], {
    message:
      'OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (or unset): this build exports OTLP/HTTP with JSON bodies only',
  })
  OTEL_EXPORTER_OTLP_PROTOCOL?: string = undefined;

  @IsOptional()
  @IsIn(['http/json'], {
    message:
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be http/json (or unset): this build exports OTLP/HTTP with JSON bodies only',
  })
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: string = undefined;

  /** Bound on one export request. */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  OTEL_EXPORTER_OTLP_TIMEOUT: number = 10_000;

  /** Unset: the app's name (gateway, bot-responder, …). */
  @IsOptional()
  @Matches(/^\S.{0,127}$/, { message: 'OTEL_SERVICE_NAME must be 1 to 128 characters, not starting blank' })
  OTEL_SERVICE_NAME?: string = undefined;

  /** More resource attributes, `deployment.environment.name=prod,service.namespace=support`. */
  @IsOptional()
  @Matches(KEY_VALUE_LIST, { message: 'OTEL_RESOURCE_ATTRIBUTES must be key=value pairs, comma-separated' })
  OTEL_RESOURCE_ATTRIBUTES?: string = undefined;

  @IsIn(TRACES_SAMPLERS, { message: `OTEL_TRACES_SAMPLER must be one of ${TRACES_SAMPLERS.join(', ')}` })
  OTEL_TRACES_SAMPLER: (typeof TRACES_SAMPLERS)[number] = 'parentbased_always_on';

  /** The ratio of new traces kept by the `*traceidratio` samplers. */
  @ToNumber()
  @IsNumber({}, { message: 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1' })
  @Min(0)
  @Max(1)
  OTEL_TRACES_SAMPLER_ARG: number = 1;

  /** How long ended spans wait to be exported together. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(600_000)
  OTEL_BSP_SCHEDULE_DELAY: number = 5_000;

  /** Spans beyond this, waiting for export, are dropped (never memory without bound). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  OTEL_BSP_MAX_QUEUE_SIZE: number = 2_048;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: number = 512;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(600_000)
  OTEL_BSP_EXPORT_TIMEOUT: number = 30_000;

  /** true: tracing off even with an endpoint set. */
  @ToBoolean()
  @IsBoolean()
  OTEL_SDK_DISABLED: boolean = false;
}
