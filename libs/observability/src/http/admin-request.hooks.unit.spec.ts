import Fastify, { type FastifyInstance } from 'fastify';
import { adminActorOf, registerAdminRequestHooks } from './admin-request.hooks';

const OPS = 'ops-t0ken-0123456789abcdef';
const DASHBOARD = 'dash-t0ken-0123456789abcdef';

async function server(): Promise<FastifyInstance> {
  const fastify = Fastify();
  registerAdminRequestHooks(fastify, [
    { name: 'ops', token: OPS },
    { name: 'dashboard', token: DASHBOARD },
  ]);
  fastify.post('/admin/emergency', (request, reply) => reply.send({ actor: adminActorOf(request) }));
  fastify.post('/webhooks/engage', (request, reply) => reply.send({ actor: adminActorOf(request) ?? null }));
  await fastify.ready();
  return fastify;
}

describe('registerAdminRequestHooks', () => {
  let fastify: FastifyInstance;

  beforeEach(async () => {
    fastify = await server();
  });

  afterEach(() => fastify.close());

  const post = (headers: Record<string, string>, url = '/admin/emergency') =>
    fastify.inject({ method: 'POST', url, headers, payload: {} });

  it("should make the token's name the actor, whatever the scheme case", async () => {
    expect((await post({ authorization: `Bearer ${OPS}` })).json()).toEqual({ actor: 'ops' });
    expect((await post({ authorization: `bearer ${DASHBOARD}` })).json()).toEqual({ actor: 'dashboard' });
  });

  it('should record on whose behalf a caller acts as <token name>:<X-Acting-For>', async () => {
    const response = await post({
      authorization: `Bearer ${DASHBOARD}`,
      'x-acting-for': 'jane.doe@example.com',
    });

    expect(response.json()).toEqual({ actor: 'dashboard:jane.doe@example.com' });
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(65)],
    ['with a colon', 'ops:admin'],
    ['with a space', 'jane doe'],
    ['with a newline', 'jane%0Adoe'],
  ])('should refuse an X-Acting-For %s with 400 naming the header', async (_case, value) => {
    const response = await post({ authorization: `Bearer ${OPS}`, 'x-acting-for': value });

    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toContain('X-Acting-For');
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: `Bearer ${OPS}x` }],
    ['a prefix of a token', { authorization: `Bearer ${OPS.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${OPS}` }],
    ['the bare token', { authorization: OPS }],
    ['X-Acting-For without a token', { 'x-acting-for': 'jane' }],
  ])('should refuse %s with 401, a Bearer challenge and no token in the answer', async (_case, headers) => {
    const response = await post(headers);

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).not.toContain(OPS.slice(0, -1));
  });

  it('should leave the other routes alone', async () => {
    expect((await post({}, '/webhooks/engage')).json()).toEqual({ actor: null });
  });
});
