export { METRICS_REGISTRY } from './metrics-registry';
export { createServiceApp } from './http/service-app';
export { serveApiDocs } from './http/api-docs';
export { SAME_ORIGIN_PAGE_CSP } from './http/same-origin-csp';
export { ObservabilityModule, type ObservabilityOptions } from './observability.module';
export { REDACTED_PATHS, pathOnly } from './redaction';
export {
  type HttpServerSettings,
  INTERNAL_PORT_OFFSET,
  hardenHttp,
  httpServerOptions,
  listenHttp,
} from './http/http-hardening';
export { ACTING_FOR_HEADER, adminActorOf, registerAdminRequestHooks } from './http/admin-request.hooks';
export { mountAdminApi } from './http/admin-api.util';
export { refuseRequest } from './http/refuse-request.util';
export { secretMatcher } from './http/secret-compare.util';
export { type TracedRoute, requestTraceContext, traceHttpRoutes } from './tracing/http-server-spans';
export { type MessagingRecord, messagingAttributes } from './tracing/messaging-attributes.util';
export { markSpanFailed } from './tracing/span-error.util';
export { type Tracing, loadTracingConfig, startTracing } from './tracing/start-tracing';
export {
  TRACE_HEADERS,
  activeTraceHeaders,
  contextFromHeaders,
  traceHeadersOf,
} from './tracing/trace-headers.util';
export { registerTracing, tracingEnabled } from './tracing/tracing-state';
export { TRACES_SAMPLERS, TracingEnv } from './tracing/tracing.env';
