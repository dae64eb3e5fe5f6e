import { request as httpRequest } from 'node:http';
import { testKafkaBrokers } from '../infra';
import { contentImportedEnvelope } from '../support/engage-webhooks';
import { type RunningGateway, startGateway } from '../support/gateway-harness';

const OLD_SECRET = 'rotation-old-secret';
const NEW_SECRET = 'rotation-new-secret';

describe('Gateway HTTP hardening (real Kafka)', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway(testKafkaBrokers(), {
      ENGAGE_WEBHOOK_SECRET: '',
      ENGAGE_WEBHOOK_SECRETS: `${OLD_SECRET},${NEW_SECRET}`,
      HTTP_REQUEST_TIMEOUT_MS: '1000',
      HTTP_HEADERS_TIMEOUT_MS: '500',
    });
  });

  afterAll(() => gateway?.close());

  it('should accept both secrets during a rotation, and no other', async () => {
    const post = (secret: string) =>
      gateway.postWebhook(contentImportedEnvelope(), { 'x-dimelo-secret': secret });

    expect((await post(OLD_SECRET)).status).toBe(200);
    expect((await post(NEW_SECRET)).status).toBe(200);
    expect((await post('test-webhook-secret')).status).toBe(401);
    expect((await post(`${OLD_SECRET},${NEW_SECRET}`)).status).toBe(401);
  });

  it('should answer 400 to a webhook nested 6,000 levels deep, never 500', async () => {
    const envelope = contentImportedEnvelope() as unknown as { events: Array<Record<string, unknown>> };
    const deep = '{"a":'.repeat(6_000) + '1' + '}'.repeat(6_000);
    const body = JSON.stringify(envelope).replace('"events":[{', `"events":[{"deep":${deep},`);

    const response = await gateway.postWebhook(body, { 'x-dimelo-secret': NEW_SECRET });

    expect(response.status).toBe(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('nested deeper than');
  });

  it('should cut off a client that never finishes its body', async () => {
    const started = Date.now();
    const status = await new Promise<number | undefined>((resolve) => {
      const post = httpRequest(`${gateway.url}/webhooks/engage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-dimelo-secret': NEW_SECRET,
          'content-length': '10000',
        },
      });
      post.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      post.on('error', () => resolve(undefined));
      post.write('{"id":"');
    });

    expect(status ?? 408).toBe(408);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
