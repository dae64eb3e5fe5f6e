import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Transform } from 'node:stream';
import { ConfigValidationError, type HttpServerEnv } from '@handover/config';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { JsonDepthScanner } from './json-depth.scanner';

/** Every app's HTTP settings: the shared variables (HttpServerEnv) and the app's own public port. */
export type HttpServerSettings = Readonly<HttpServerEnv> & { readonly publicPort: number };

/** The default internal port is the public one shifted by this: gateway 3000 → 9000, bot-responder 3001 → 9001… */
export const INTERNAL_PORT_OFFSET = 6_000;

const MAX_PARAM_LENGTH = 1_000;

interface InternalListener {
  server: Server;
  port: number;
  host: string;
}

const listeners = new WeakMap<FastifyInstance, InternalListener>();
const internalRequests = new WeakSet<IncomingMessage>();
const internalPaths = new WeakMap<FastifyInstance, readonly string[]>();

/**
 * The Fastify options every app is built with: timeouts that cut off a client sending its headers
 * or body too slowly (408, connection closed). Node checks them every `connectionsCheckingInterval`,
 * 30 s by default: checked at least every second here, so a timeout fires close to its value.
 */
export function httpServerOptions(
  settings: HttpServerSettings,
  extra: Pick<FastifyServerOptions, 'bodyLimit'> = {},
): FastifyHttpOptions<Server> {
  if (settings.HTTP_HEADERS_TIMEOUT_MS > settings.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigValidationError(['HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS']);
  }
  return {
    ...extra,
    // A path parameter may be an effect id or a parked record's key (the ops admin API), longer
    // than Fastify's 100 characters: past the limit the route would answer 404 as if unknown.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    connectionTimeout: settings.HTTP_CONNECTION_TIMEOUT_MS,
    requestTimeout: settings.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: settings.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    http: nodeServerOptions(settings),
  };
}

/**
 * What every app's HTTP server does alike (ADR 0009): `X-Content-Type-Options: nosniff` on every
 * answer; JSON bodies nested deeper than HTTP_JSON_MAX_DEPTH refused with 400 while they are read,
 * before any parser recurses into them; /metrics, /admin/* (and what an app adds with
 * serveOnInternalPort) answered only on the internal port (INTERNAL_HOST:INTERNAL_PORT), everything
 * else only on the public one, /health on both. Call it first after NestFactory.create, so these
 * hooks run before the app's own; listen with `listenHttp`.
 */
export function hardenHttp(app: NestFastifyApplication, settings: HttpServerSettings): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    const internalRoute = isInternalRoute(request, internalPaths.get(fastify) ?? []);
    if (!isHealthRoute(request) && internalRoute !== internalRequests.has(request.raw)) {
      return notFound(request, reply);
    }
  });
  fastify.addHook('preParsing', async (request, _reply, payload) =>
    isJson(request.headers['content-type']) ? depthChecked(payload, settings.HTTP_JSON_MAX_DEPTH) : payload,
  );
  fastify.addHook('onSend', async (_request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
  });
  const server = createServer(nodeServerOptions(settings), (request, response) =>
    routeInternal(fastify, request, response),
  );
  server.keepAliveTimeout = settings.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.setTimeout(settings.HTTP_CONNECTION_TIMEOUT_MS);
  listeners.set(fastify, {
    server,
    port: settings.INTERNAL_PORT ?? defaultInternalPort(settings.publicPort),
    host: settings.INTERNAL_HOST,
  });
  // Node closes the connections idle when close() is called; one that finishes its request after
  // would stay open for the keep-alive timeout (72 s by default) and hold a graceful stop that long.
  fastify.addHook('preClose', (done) => {
    const closeIdle = setInterval(() => fastify.server.closeIdleConnections(), 100);
    closeIdle.unref();
    fastify.server.once('close', () => clearInterval(closeIdle));
    done();
  });
  fastify.addHook('onClose', async () => {
    if (server.listening) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
}

/** Serves `path` and everything under it on the internal port only, as /metrics and /admin/*. */
export function serveOnInternalPort(app: NestFastifyApplication, path: string): void {
  const fastify = app.getHttpAdapter().getInstance();
  internalPaths.set(fastify, [...(internalPaths.get(fastify) ?? []), path]);
}

/**
 * Listens on the public address, then on the internal one (a busy internal port fails the start).
 * `internalPort` overrides the configured one: tests pass 0 for a free port.
 */
export async function listenHttp(
  app: NestFastifyApplication,
  address: { port: number; host: string },
  overrides: { internalPort?: number } = {},
): Promise<{ url: string; internalUrl: string }> {
  const fastify = app.getHttpAdapter().getInstance();
  const listener = listeners.get(fastify);
  if (listener === undefined) {
    throw new Error('listenHttp: the app was not built with hardenHttp');
  }
  await app.listen(address.port, address.host);
  const port = overrides.internalPort ?? listener.port;
  await new Promise<void>((resolve, reject) => {
    listener.server.once('error', reject);
    listener.server.listen(port, listener.host, () => {
      listener.server.off('error', reject);
      resolve();
    });
  });
  return {
    url: urlOf(fastify.server.address() as AddressInfo),
    internalUrl: urlOf(listener.server.address() as AddressInfo),
  };
}

function defaultInternalPort(publicPort: number): number {
  if (publicPort === 0) {
    return 0;
  }
  const port = publicPort + INTERNAL_PORT_OFFSET;
  if (port > 65_535) {
    throw new ConfigValidationError([
      `INTERNAL_PORT: must be set when the public port + ${INTERNAL_PORT_OFFSET} is above 65535`,
    ]);
  }
  return port;
}

function nodeServerOptions(settings: HttpServerSettings): {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: settings.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeout: settings.HTTP_REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(
      1_000,
      Math.max(50, Math.floor(settings.HTTP_HEADERS_TIMEOUT_MS / 4)),
    ),
  };
}

function routeInternal(fastify: FastifyInstance, request: IncomingMessage, response: ServerResponse): void {
  internalRequests.add(request);
  fastify.routing(request, response);
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0];
}

function isInternalRoute(request: FastifyRequest, appPaths: readonly string[]): boolean {
  const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);
  return [request.routeOptions.url, pathOf(request)].some(
    (path) =>
      path !== undefined &&
      (path === '/metrics' || under(path, '/admin') || appPaths.some((prefix) => under(path, prefix))),
  );
}

function isHealthRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route === '/health' || route === '/health/live';
}

/** As Fastify answers an unknown route: the other port's routes do not exist here. */
async function notFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return reply.code(404).send({
    statusCode: 404,
    error: 'Not Found',
    message: `Route ${request.method}:${pathOf(request)} not found`,
  });
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  return mediaType !== undefined && (mediaType === 'application/json' || mediaType.endsWith('+json'));
}

function depthChecked(payload: NodeJS.ReadableStream, maxDepth: number): Transform {
  const scanner = new JsonDepthScanner(maxDepth);
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (scanner.feed(chunk)) {
        callback(null, chunk);
      } else {
        callback(
          Object.assign(new Error(`The JSON body is nested deeper than ${maxDepth} levels`), {
            statusCode: 400,
            code: 'JSON_TOO_DEEP',
          }),
        );
      }
    },
  });
  payload.pipe(checked);
  return checked;
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
