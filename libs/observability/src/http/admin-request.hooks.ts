import { type AdminToken } from '@handover/config';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { refuseRequest } from './refuse-request.util';
import { secretMatcher } from './secret-compare.util';

/** Header by which a trusted caller (the dashboard) says on whose behalf it acts. */
export const ACTING_FOR_HEADER = 'x-acting-for';
const ACTING_FOR = /^[A-Za-z0-9._@-]{1,64}$/;

const actors = new WeakMap<FastifyRequest['raw'], string>();

/**
 * Authenticates /admin/* before Fastify reads the body: a caller without a valid token is refused
 * 401 without its body being read. The actor is the token's name, or `<name>:<X-Acting-For>`, so
 * it always starts with who authenticated; a malformed X-Acting-For is refused 400.
 */
export function registerAdminRequestHooks(fastify: FastifyInstance, tokens: readonly AdminToken[]): void {
  const matchers = tokens.map(({ name, token }) => ({ name, matches: secretMatcher(token) }));
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.url?.startsWith('/admin/')) {
      return;
    }
    const received = bearerToken(request.headers.authorization);
    // Every token is compared, whichever matches: the time taken says nothing about which.
    const holder = matchers.filter(({ matches }) => matches(received)).at(0);
    if (holder === undefined) {
      void reply.header('WWW-Authenticate', 'Bearer');
      return refuseRequest(reply, 401, 'Unauthorized', 'Missing or invalid admin token');
    }
    const actingFor = request.headers[ACTING_FOR_HEADER];
    if (actingFor !== undefined && (typeof actingFor !== 'string' || !ACTING_FOR.test(actingFor))) {
      return refuseRequest(
        reply,
        400,
        'Bad Request',
        'X-Acting-For must be one user of 1 to 64 characters among A-Z a-z 0-9 . _ @ -',
      );
    }
    actors.set(request.raw, actingFor === undefined ? holder.name : `${holder.name}:${actingFor}`);
  });
}

/** The authenticated actor of an /admin/* request; undefined when the hooks did not authenticate it. */
export function adminActorOf(request: FastifyRequest): string | undefined {
  return actors.get(request.raw);
}

function bearerToken(header: string | undefined): string | undefined {
  return header?.match(/^Bearer +(\S+)$/i)?.[1];
}
