import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  propagation,
  trace,
} from '@opentelemetry/api';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { pathOnly } from '../redaction';
import { tracingEnabled } from './tracing-state';

export interface TracedRoute {
  readonly method: string;
  /** The route as declared (`/webhooks/engage`), which is the span's name with the method. */
  readonly url: string;
  /**
   * Continue the trace the caller's `traceparent` names: only for callers we trust (an internal
   * dashboard). From the outside (RCED's webhooks) a request starts a trace of its own, so nobody
   * outside picks our trace ids or sampling.
   */
  readonly continueTrace?: boolean;
}

// Asked each time, not kept: a tracer found once stays bound to the provider of that moment.
const tracer = () => trace.getTracer('@handover/observability');
const requestSpans = new WeakMap<FastifyRequest, Span>();

/**
 * A SERVER span per request of `routes` (OpenTelemetry's HTTP conventions), from its first hook to
 * its answer; what the handler starts beneath it takes `requestTraceContext(request)` as parent.
 * Registers no hook at all when tracing is off. Register it before hooks that may refuse a
 * request (a 401 is traced too).
 */
export function traceHttpRoutes(fastify: FastifyInstance, routes: readonly TracedRoute[]): void {
  if (!tracingEnabled()) {
    return;
  }
  const routeOf = (request: FastifyRequest): TracedRoute | undefined =>
    routes.find((route) => route.method === request.method && route.url === request.routeOptions.url);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = routeOf(request);
    if (route !== undefined) {
      requestSpans.set(request, startRequestSpan(request, route));
    }
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    endRequestSpan(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    endRequestSpan(request, undefined);
    done();
  });
}

function startRequestSpan(request: FastifyRequest, route: TracedRoute): Span {
  const parent = route.continueTrace ? propagation.extract(ROOT_CONTEXT, request.headers) : ROOT_CONTEXT;
  return tracer().startSpan(
    `${route.method} ${route.url}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': route.method,
        'http.route': route.url,
        'url.path': pathOnly(request.url) ?? route.url,
        'url.scheme': 'http',
        'network.protocol.version': request.raw.httpVersion,
      },
    },
    parent,
  );
}

/** The context whose span is the request's SERVER span; undefined when the request is not traced. */
export function requestTraceContext(request: FastifyRequest): Context | undefined {
  const span = requestSpans.get(request);
  return span === undefined ? undefined : trace.setSpan(ROOT_CONTEXT, span);
}

/** Server spans fail on 5xx only: a 4xx is the client's mistake, answered as designed. */
function endRequestSpan(request: FastifyRequest, statusCode: number | undefined): void {
  const span = requestSpans.get(request);
  if (span === undefined) {
    return;
  }
  requestSpans.delete(request);
  if (statusCode === undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute('error.type', 'aborted');
  } else {
    span.setAttribute('http.response.status_code', statusCode);
    if (statusCode >= 500) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', String(statusCode));
    }
  }
  span.end();
}
