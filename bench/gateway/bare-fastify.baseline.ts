// Baseline (a), run as its own process: the gateway's HTTP work (same secret check, media type check
// and JSON parse on Fastify) without Nest and without Kafka, so the ratio isolates what they cost.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { secretMatcher } from '../../libs/observability/src/http/secret-compare.util';

const WEBHOOK_ROUTE = '/webhooks/engage';

async function main(): Promise<void> {
  const secretMatches = secretMatcher(process.env.ENGAGE_WEBHOOK_SECRET ?? '');
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== WEBHOOK_ROUTE) {
      return;
    }
    const received = request.headers['x-dimelo-secret'];
    if (!secretMatches(typeof received === 'string' ? received : undefined)) {
      return reply.code(401).send({ statusCode: 401, error: 'Unauthorized' });
    }
    if (request.headers['content-type']?.split(';', 1)[0].trim().toLowerCase() !== 'application/json') {
      return reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type' });
    }
  });
  app.post(WEBHOOK_ROUTE, (request: FastifyRequest, reply: FastifyReply) => {
    const { events } = request.body as { events?: unknown };
    return reply.send({ accepted: Array.isArray(events) ? events.length : 0 });
  });
  app.get('/health', (_request: FastifyRequest, reply: FastifyReply) => reply.send({ status: 'ok' }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bare Fastify baseline failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
