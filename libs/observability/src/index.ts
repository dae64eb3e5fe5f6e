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
export { ACTING_FOR_HEADER, adminActorOf, registerAdminRequestHooks } from './http/admin-request.hooks';
export { mountAdminApi } from './http/admin-api.util';
export { refuseRequest } from './http/refuse-request.util';
export { secretMatcher } from './http/secret-compare.util';
