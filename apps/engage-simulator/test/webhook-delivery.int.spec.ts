import Fastify, { type FastifyInstance } from 'fastify';
import { pollUntil } from '../../../test/infra';
import { WALKTHROUGH } from '../src/platform/platform-seed';
import { type RunningSimulator, startSimulator } from './simulator.harness';

interface Received {
  method: string;
  query: Record<string, string>;
  secret: string | undefined;
  envelope?: {
    id: string;
    domain_id: string;
    events: Array<{ id: string; type: string; resource: { id: string } }>;
  };
}

/** A webhook endpoint that answers the handshake and the scripted statuses, recording everything. */
async function startReceiver(
  postStatuses: number[],
  answerChallenge = (challenge: string): string => challenge,
): Promise<{ url: string; received: Received[]; server: FastifyInstance }> {
  const received: Received[] = [];
  const server = Fastify();
  server.get('/hook', (request, reply) => {
    const query = request.query as Record<string, string>;
    received.push({ method: 'GET', query, secret: request.headers['x-dimelo-secret'] as string | undefined });
    return reply.type('text/plain').send(answerChallenge(query['hub.challenge']));
  });
  server.post('/hook', (request, reply) => {
    received.push({
      method: 'POST',
      query: {},
      secret: request.headers['x-dimelo-secret'] as string | undefined,
      envelope: request.body as Received['envelope'],
    });
    return reply.code(postStatuses.shift() ?? 200).send({});
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, received, server };
}

describe('engage-simulator webhook delivery', () => {
  let simulator: RunningSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  afterEach(async () => {
    await simulator?.app.close();
    await receiver?.server.close();
  });

  async function start(postStatuses: number[]): Promise<void> {
    receiver = await startReceiver(postStatuses);
    simulator = await startSimulator({
      SIMULATOR_WEBHOOK_URL: receiver.url,
      SIMULATOR_WEBHOOK_VERIFY_TOKEN: 'hook-verify',
      SIMULATOR_WEBHOOK_SECRET: 'hook-secret',
      SIMULATOR_WEBHOOK_RETRY_DELAYS_MS: '50,100',
    });
  }

  const customerWrites = (body: string): ReturnType<RunningSimulator['request']> =>
    simulator.request('POST', '/_control/customer-messages', {
      json: { source_id: WALKTHROUGH.sourceId, body },
    });

  it('should verify the endpoint first, then POST the customer message with the secret header', async () => {
    await start([]);

    const message = await customerWrites('Bonjour');

    const posts = await pollUntil(() => {
      const found = receiver.received.filter((r) => r.method === 'POST');
      return found.length > 0 && found;
    });
    expect(receiver.received[0]).toMatchObject({
      method: 'GET',
      secret: 'hook-secret',
      query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'hook-verify' },
    });
    expect(posts[0].secret).toBe('hook-secret');
    expect(posts[0].envelope).toMatchObject({
      domain_id: '582af25a799fc247acfcde38',
      events: [{ type: 'content.imported', resource: { id: message.body.id } }],
    });
  });

  it('should hand the envelope to the caller instead of sending it when asked not to deliver', async () => {
    await start([]);

    const kept = await simulator.request('POST', '/_control/customer-messages', {
      json: { source_id: WALKTHROUGH.sourceId, body: 'Je le poste moi-même', deliver: false },
    });
    const sent = await customerWrites('Et celui-ci, envoyez-le');

    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({
      domain_id: '582af25a799fc247acfcde38',
      events: [{ type: 'content.imported', resource: { metadata: { body: 'Je le poste moi-même' } } }],
    });
    const posts = await pollUntil(() => {
      const found = receiver.received.filter((r) => r.method === 'POST');
      return found.length > 0 && found;
    });
    expect(posts.flatMap((post) => post.envelope?.events.map((e) => e.resource.id))).toEqual([sent.body.id]);
  });

  it('should retry a non-200 answer with the same envelope and event ids until it is answered 200', async () => {
    await start([500, 503]);

    await customerWrites('Allô ?');

    const posts = await pollUntil(() => {
      const found = receiver.received.filter((r) => r.method === 'POST');
      return found.length >= 3 && found;
    });
    const ids = posts.map((post) => ({
      envelope: post.envelope?.id,
      events: post.envelope?.events.map((e) => e.id),
    }));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    expect(ids[0].events).toHaveLength(1);
  });

  it('should deliver nothing to an endpoint that fails the handshake', async () => {
    receiver = await startReceiver([], () => 'not-the-challenge');
    simulator = await startSimulator({
      SIMULATOR_WEBHOOK_URL: receiver.url,
      SIMULATOR_WEBHOOK_RETRY_DELAYS_MS: '50',
    });

    await customerWrites('Personne ?');

    await pollUntil(() => receiver.received.filter((r) => r.method === 'GET').length >= 2);
    expect(receiver.received.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('should deliver events twice, with the same event ids in new envelopes, when asked to duplicate', async () => {
    receiver = await startReceiver([]);
    simulator = await startSimulator({
      SIMULATOR_WEBHOOK_URL: receiver.url,
      SIMULATOR_WEBHOOK_DUPLICATE_RATE: '1',
    });

    await customerWrites('Deux fois ?');

    const posts = await pollUntil(() => {
      const found = receiver.received.filter((r) => r.method === 'POST');
      return found.length >= 2 && found;
    });
    expect(posts[1].envelope?.events.map((e) => e.id)).toEqual(posts[0].envelope?.events.map((e) => e.id));
    expect(posts[1].envelope?.id).not.toBe(posts[0].envelope?.id);
  });
});
