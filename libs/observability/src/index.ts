export { METRICS_REGISTRY } from './metrics-registry';
export { createServiceApp } from './http/service-app';
export { ObservabilityModule, type ObservabilityOptions } from './observability.module';
export { REDACTED_PATHS, pathOnly } from './redaction';
export {
  type HttpServerSettings,
  INTERNAL_PORT_OFFSET,
  hardenHttp,
  httpServerOptions,
  listenHttp,
} from './http/http-hardening';
