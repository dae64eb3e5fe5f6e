import { Logger } from '@nestjs/common';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { refuseRequest, secretMatcher } from '@handover/observability';
import { type WebhookMetrics } from './webhook.metrics';

export const WEBHOOK_ROUTE = '/webhooks/engage';

const logger = new Logger('WebhookRequests');

/**
 * Checks that run before Fastify reads the body: an unauthenticated or non-JSON delivery is refused
 * without parsing it. Fastify enforces the body limit (413) while reading.
 */
export function registerWebhookRequestHooks(
  fastify: FastifyInstance,
  options: { secrets: readonly string[]; metrics: WebhookMetrics },
): void {
  const matchers = options.secrets.map(secretMatcher);
  // Each accepted secret is compared (two during a rotation): the time taken says nothing about which matched.
  const secretMatches =
    matchers.length === 0
      ? undefined
      : (received: string | undefined): boolean =>
          matchers.map((matches) => matches(received)).includes(true);
  const isWebhookPost = (request: FastifyRequest): boolean =>
    request.method === 'POST' && request.routeOptions.url === WEBHOOK_ROUTE;

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isWebhookPost(request)) {
      return;
    }
    if (secretMatches && !secretMatches(singleHeader(request, 'x-dimelo-secret'))) {
      return refuseRequest(reply, 401, 'Unauthorized', 'Missing or invalid X-Dimelo-Secret header');
    }
    if (!isJson(request.headers['content-type'])) {
      return refuseRequest(reply, 415, 'Unsupported Media Type', 'Webhook bodies must be application/json');
    }
  });

  // The HTTP logger skips this route (see GatewayModule): its outcome is counted and logged here.
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isWebhookPost(request)) {
      options.metrics.countResponse(reply.statusCode);
      logOutcome(request, reply);
    }
  });
}

function logOutcome(request: FastifyRequest, reply: FastifyReply): void {
  const line = `POST ${WEBHOOK_ROUTE} ${reply.statusCode} in ${reply.elapsedTime.toFixed(1)} ms (${request.id})`;
  if (reply.statusCode >= 500) {
    logger.error(line);
  } else if (reply.statusCode >= 400) {
    logger.warn(line);
  } else {
    logger.debug(line);
  }
}

function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  return mediaType === 'application/json';
}
