import { randomBytes } from 'node:crypto';
import { testKafkaBrokers } from '@handover/test-infra';
import { contentImportedEnvelope } from '../../../test/support/engage-webhooks';
import { type RunningGateway, TEST_ADMIN_TOKEN, startGateway } from '../../../test/support/gateway-harness';
import { type OpenApiDocument, OpenApiResponses } from '../../../test/support/openapi-responses';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const CHAT_TRIGGER_ID = '5be5aeffd6cb009bde8e56e2';

type Operation = {
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};

/** The gateway as production builds it, on the shared Kafka: its document, and its answers against it. */
describe('gateway API docs', () => {
  let gateway: RunningGateway;
  let document: OpenApiDocument & { paths: Record<string, Record<string, Operation>> };
  let responses: OpenApiResponses;

  beforeAll(async () => {
    gateway = await startGateway(testKafkaBrokers(), {
      GATEWAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      CHAT_TRIGGER_ID,
    });
    document = (await (await fetch(`${gateway.internalUrl}/docs/json`)).json()) as typeof document;
    responses = new OpenApiResponses(document);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('should serve Swagger UI and the document on the internal port only, beside the admin API', async () => {
    for (const path of ['/docs', '/docs/json', '/docs/yaml', '/docs/swagger-ui-bundle.js']) {
      const response = await fetch(`${gateway.url}${path}`, { headers: { accept: BROWSER_ACCEPT } });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const page = await fetch(`${gateway.internalUrl}/docs`, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>handover — gateway</title>');
    const bundle = await fetch(`${gateway.internalUrl}/docs/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect((await fetch(`${gateway.internalUrl}/docs/index.html`)).status).toBe(404);
  });

  it('should document its endpoints with their request and answer schemas, and how each authenticates', () => {
    const webhook = document.paths['/webhooks/engage'];
    const admin = document.paths['/admin/emergency'].post;

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/webhooks/engage',
        '/admin/emergency',
        '/chat-trigger.js',
        '/health',
        '/metrics',
      ]),
    );
    expect(webhook.post.requestBody?.content['application/json'].schema.$ref).toMatch(
      /WebhookDeliveryRequest$/,
    );
    expect(webhook.post.responses['200'].content).toHaveProperty('application/json');
    expect(webhook.post.security).toEqual([{ 'webhook-secret': [] }]);
    expect(webhook.get.responses['200'].content).toHaveProperty('text/plain');
    expect(admin.requestBody?.content['application/json'].schema.$ref).toMatch(/EmergencyRequestDto$/);
    expect(admin.responses['202'].content).toHaveProperty('application/json');
    expect(admin.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/chat-trigger.js'].get.responses['200'].content).toHaveProperty(
      'application/javascript',
    );
  });

  it('should answer an emergency switch as documented', async () => {
    const response = await fetch(`${gateway.internalUrl}/admin/emergency`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      // Off, for a source no other test knows: nothing any consumer would act on.
      body: JSON.stringify({
        active: false,
        scope: [randomBytes(12).toString('hex')],
        reason: 'API docs spec',
      }),
    });
    const body: unknown = await response.json();

    expect(response.status).toBe(202);
    expect(responses.problems('/admin/emergency', body, { method: 'post', status: '202' })).toEqual([]);
  });

  it('should answer a delivery as documented, with and without events left out', async () => {
    // An agent's message (created in RCED): no consumer answers or counts it.
    const delivery = contentImportedEnvelope();
    Object.assign(delivery.events[0].resource.metadata, { creator_id: '5b8eaf1813047d298f940266' });
    const withRefused = {
      ...delivery,
      events: [...delivery.events, { ...delivery.events[0], issued_at: 'yesterday' }],
    };

    for (const [body, refused] of [
      [delivery, 0],
      [withRefused, 1],
    ] as const) {
      const response = await gateway.postWebhook(body);
      const receipt = (await response.json()) as { refused: number };
      expect(response.status).toBe(200);
      expect(receipt.refused).toBe(refused);
      expect(responses.problems('/webhooks/engage', receipt, { method: 'post' })).toEqual([]);
    }
  });

  it('should not list the admin API nor the chat trigger when they are not mounted', async () => {
    const bare = await startGateway(testKafkaBrokers());
    try {
      const { paths } = (await (await fetch(`${bare.internalUrl}/docs/json`)).json()) as OpenApiDocument;
      expect(Object.keys(paths)).toContain('/webhooks/engage');
      expect(Object.keys(paths)).not.toContain('/admin/emergency');
      expect(Object.keys(paths)).not.toContain('/chat-trigger.js');
    } finally {
      await bare.close();
    }
  });
});
