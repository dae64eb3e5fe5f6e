import { type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type FaultPlan } from './fault-plan';

const API_PREFIX = '/1.0';

/**
 * Applies the fault plan to RCED API routes, before authentication (an outage comes before any
 * check). The endpoint key is the method and the route template: `PUT /interventions/:id/close`.
 */
export function registerFaultHooks(fastify: FastifyInstance, plan: FaultPlan): void {
  const hanging = new Set<Socket>();
  const dropAfterWrite = new WeakSet<FastifyRequest>();

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    if (!route?.startsWith(`${API_PREFIX}/`)) {
      return;
    }
    const action = plan.next(`${request.method} ${route.slice(API_PREFIX.length)}`);
    if (action.kind === 'hang') {
      const socket = request.raw.socket;
      hanging.add(socket);
      await new Promise((resolve) => socket.once('close', resolve));
      hanging.delete(socket);
      return reply.code(504).send();
    }
    if (action.latencyMs > 0) {
      await delay(action.latencyMs);
    }
    switch (action.kind) {
      case 'error':
        return reply.code(action.status).send({
          error: 'simulated_fault',
          message: 'Fault injected by the simulator',
          status: action.status,
        });
      case 'rate_limited':
        return reply
          .header('retry-after', '1')
          .code(429)
          .send({ error: 'rate_limit_exceeded', message: 'Rate limit exceeded', status: 429 });
      case 'drop_after_write':
        dropAfterWrite.add(request);
        return;
      case 'none':
        return;
    }
  });

  // The call was applied; the caller never learns it.
  fastify.addHook('onSend', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    if (dropAfterWrite.has(request)) {
      request.raw.socket.destroy();
    }
    return payload;
  });

  fastify.addHook('onClose', (_instance, done) => {
    hanging.forEach((socket) => socket.destroy());
    done();
  });
}
