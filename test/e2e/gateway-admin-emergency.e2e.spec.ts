import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { pollUntil, testKafkaBrokers } from '../infra';
import { freePort } from '../infra/free-port.util';
import { startGateway } from '../support/gateway-harness';
import { type ReadRecord, readTopicUntil } from '../support/topic-reader';

const REPO = join(__dirname, '..', '..');
const TOPIC = TOPICS.opsCommands.name;
const SOURCE_A = '5be1c0b4e20311250379c101';
const SOURCE_B = '5be1c0b4e20311250379c102';
/** Unique per run, so finding it in the captured output can only mean this gateway leaked it. */
const ADMIN_TOKEN = `admin-${randomUUID()}`;
/** The single GATEWAY_ADMIN_TOKEN of older configurations: still accepted, under the name `admin`. */
const LEGACY_TOKEN = `legacy-${randomUUID()}`;
const WEBHOOK_SECRET = 'admin-spec-webhook-secret';

interface GatewayProcess {
  child: ChildProcess;
  /** The public port (webhooks); the admin API is not there. */
  url: string;
  /** The internal port: /admin/*, /metrics. */
  internalUrl: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** The gateway as its own process (apps/gateway/src/main.ts from source), its every log line captured. */
async function spawnGateway(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const internalPort = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/gateway/src/main.ts'],
    {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        INTERNAL_PORT: String(internalPort),
        ENGAGE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    internalUrl: `http://127.0.0.1:${internalPort}`,
    output: () => output,
    exit,
  };
}

describe('Gateway admin API: POST /admin/emergency (real Kafka)', () => {
  const brokers = testKafkaBrokers();
  let gateway: GatewayProcess;

  /** As the ops team's tool would: its own token (named ops), on behalf of one of its users. */
  const switchEmergency = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${gateway.internalUrl}/admin/emergency`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'x-acting-for': 'jane.doe@example.com',
        ...headers,
      },
      body: JSON.stringify(body),
    });

  /** A valid body whose reason is unique: how a test finds its own record, or proves there is none. */
  const request = (
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> & { reason: string } => ({
    active: true,
    scope: [SOURCE_A, SOURCE_B],
    reason: `drill ${randomUUID()}`,
    ...overrides,
  });

  const withReasons = (records: readonly ReadRecord[], reasons: readonly string[]): ReadRecord[] =>
    records.filter((record) => reasons.includes(record.value.reason as string));

  beforeAll(async () => {
    gateway = await spawnGateway({
      KAFKA_BROKERS: brokers.join(','),
      ENGAGE_VERIFY_TOKEN: 'admin-spec-verify-token',
      GATEWAY_ADMIN_TOKENS: `ops=${ADMIN_TOKEN}`,
      GATEWAY_ADMIN_TOKEN: LEGACY_TOKEN,
      LOG_LEVEL: 'trace',
    });
    await pollUntil(
      async () => (await fetch(`${gateway.url}/health`).catch(() => undefined))?.status === 200,
      { timeoutMs: 60_000, intervalMs: 250, description: 'the gateway process to be ready' },
    );
  }, 90_000);

  afterAll(async () => {
    if (gateway) {
      gateway.child.kill('SIGTERM');
      await gateway.exit;
    }
  });

  it('should publish one emergency.switched record once Kafka has it, and answer 202 with its id', async () => {
    const body = request();

    const response = await switchEmergency(body);

    expect(response.status).toBe(202);
    const accepted = (await response.json()) as Record<string, unknown>;
    expect(accepted).toEqual({
      command_id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      active: true,
      source_ids: [SOURCE_A, SOURCE_B],
      issued_at: expect.any(String) as unknown,
    });
    const mine = withReasons(
      await readTopicUntil(brokers, TOPIC, (records) => withReasons(records, [body.reason]).length > 0),
      [body.reason],
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].key).toBe('ops');
    expect(mine[0].value).toEqual({
      command_id: accepted.command_id,
      active: true,
      source_ids: [SOURCE_A, SOURCE_B],
      reason: body.reason,
      actor: 'ops:jane.doe@example.com',
      issued_at: accepted.issued_at,
    });
    expect(mine[0].headers).toMatchObject({
      [RECORD_HEADERS.eventType]: 'emergency.switched',
      [RECORD_HEADERS.eventId]: accepted.command_id,
      [RECORD_HEADERS.schemaVersion]: '1',
    });
  });

  it("should record the token's name as the actor, with X-Acting-For after it when given", async () => {
    const asOps = request();
    const asLegacy = request();

    const answers = [
      await switchEmergency(asOps, { 'x-acting-for': '' }),
      await fetch(`${gateway.internalUrl}/admin/emergency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify(asOps),
      }),
      await fetch(`${gateway.internalUrl}/admin/emergency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${LEGACY_TOKEN}` },
        body: JSON.stringify(asLegacy),
      }),
    ];

    expect(answers.map((answer) => answer?.status)).toEqual([400, 202, 202]);
    const records = withReasons(
      await readTopicUntil(
        brokers,
        TOPIC,
        (read) => withReasons(read, [asOps.reason, asLegacy.reason]).length === 2,
      ),
      [asOps.reason, asLegacy.reason],
    );
    expect(records.map((record) => record.value.actor)).toEqual(['ops', 'admin']);
  });

  it('should not serve the admin API or /metrics on the public port', async () => {
    const onPublic = await fetch(`${gateway.url}/admin/emergency`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(request()),
    });

    expect(onPublic.status).toBe(404);
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${gateway.internalUrl}/metrics`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${gateway.internalUrl}/health/live`)).status).toBe(200);
  });

  it('should refuse an unauthenticated POST before reading its body', async () => {
    // 512 KB announced (under the body limit), 1 KB sent, then nothing: an answer can only come
    // from a check that does not wait for the body.
    const answer = await new Promise<number | undefined>((resolve, reject) => {
      const post = httpRequest(`${gateway.internalUrl}/admin/emergency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(512 * 1024) },
      });
      post.on('response', (response) => {
        response.resume();
        resolve(response.statusCode);
        post.destroy();
      });
      post.on('error', reject);
      post.write(`{"reason":"${'x'.repeat(1_024)}`);
      setTimeout(() => resolve(undefined), 5_000);
    });

    expect(answer).toBe(401);
  });

  it('should publish source_ids null for scope "all", and switching off too', async () => {
    const on = request({ scope: 'all' });
    const off = request({ scope: 'all', active: false });

    const answers = [await switchEmergency(on), await switchEmergency(off)];

    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    const records = withReasons(
      await readTopicUntil(brokers, TOPIC, (read) => withReasons(read, [on.reason, off.reason]).length === 2),
      [on.reason, off.reason],
    );
    expect(records.map((record) => [record.value.active, record.value.source_ids])).toEqual([
      [true, null],
      [false, null],
    ]);
  });

  it('should give a retried request with the same Idempotency-Key the same command id', async () => {
    const body = request();
    const key = `retry-${randomUUID()}`;

    const first = (await (await switchEmergency(body, { 'idempotency-key': key })).json()) as Record<
      string,
      string
    >;
    const retried = (await (await switchEmergency(body, { 'idempotency-key': key })).json()) as Record<
      string,
      string
    >;
    const unkeyed = (await (await switchEmergency(body)).json()) as Record<string, string>;

    expect(retried.command_id).toBe(first.command_id);
    expect(unkeyed.command_id).not.toBe(first.command_id);
    const records = withReasons(
      await readTopicUntil(brokers, TOPIC, (read) => withReasons(read, [body.reason]).length === 3),
      [body.reason],
    );
    expect(records.map((record) => record.headers[RECORD_HEADERS.eventId])).toEqual([
      first.command_id,
      first.command_id,
      unkeyed.command_id,
    ]);
  });

  describe('refusals publish nothing', () => {
    const refused: string[] = [];
    const refuse = async (
      status: number,
      body: Record<string, unknown> & { reason: string },
      headers: Record<string, string> = {},
    ): Promise<Record<string, unknown>> => {
      refused.push(body.reason);
      const response = await switchEmergency(body, headers);
      expect(response.status).toBe(status);
      return (await response.json()) as Record<string, unknown>;
    };

    it('should answer 401 to a missing, wrong or near-miss token', async () => {
      const missing = await fetch(`${gateway.internalUrl}/admin/emergency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request()),
      });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');

      await refuse(401, request(), { authorization: 'Bearer not-the-admin-token-at-all' });
      await refuse(401, request(), { authorization: `Bearer ${ADMIN_TOKEN}x` });
      await refuse(401, request(), { authorization: `Basic ${ADMIN_TOKEN}` });
      const answer = await refuse(401, request(), { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` });
      expect(JSON.stringify(answer)).not.toContain(ADMIN_TOKEN.slice(0, -1));
    });

    it('should answer 400 naming the bad field', async () => {
      const badScope = await refuse(400, request({ scope: [SOURCE_A, 'not-a-source'] }));
      const actorInBody = await refuse(400, { ...request(), actor: 'someone-else' });
      const badActingFor = await refuse(400, request(), { 'x-acting-for': 'jane doe' });
      const notBoolean = await refuse(400, request({ active: 'yes' }));
      const tooLong = request();
      tooLong.reason = `${tooLong.reason} ${'x'.repeat(500)}`;
      const longReason = await refuse(400, tooLong);
      const badKey = await refuse(400, request(), { 'idempotency-key': ' ' });

      expect(badScope).toMatchObject({
        statusCode: 400,
        message: expect.stringContaining('index 1') as unknown,
      });
      expect(String(badScope.message)).toMatch(/^scope /);
      expect(actorInBody.message).toMatch(/^actor is not a field/);
      expect(badActingFor.message).toContain('X-Acting-For');
      expect(notBoolean.message).toBe('active must be a boolean value');
      expect(longReason.message).toBe('reason must be shorter than or equal to 500 characters');
      expect(badKey.message).toContain('Idempotency-Key');
    });

    it('should not have published any refused request (checked behind a sentinel)', async () => {
      const sentinel = request();
      expect((await switchEmergency(sentinel)).status).toBe(202);

      const records = await readTopicUntil(
        brokers,
        TOPIC,
        (read) => withReasons(read, [sentinel.reason]).length > 0,
      );

      expect(refused.length).toBeGreaterThanOrEqual(10);
      expect(withReasons(records, refused)).toEqual([]);
    });
  });

  // Last: by now the captured output holds every request above, the refusals included.
  describe('logs', () => {
    it('should say at startup that the admin API is mounted, log the switches, and never log the token', () => {
      const output = gateway.output();

      expect(output).toContain('Admin API mounted');
      expect(output).toContain('Emergency on for sources');
      expect(output).toMatch(/"url":"\/admin\/emergency".*"statusCode":401/);
      expect(output).not.toContain(ADMIN_TOKEN);
      expect(output).not.toContain(ADMIN_TOKEN.slice(0, -1));
      expect(output).not.toContain(LEGACY_TOKEN);
    });
  });
});

describe('Gateway admin API without an admin token', () => {
  it('should not mount POST /admin/emergency: 404', async () => {
    const gateway = await startGateway(testKafkaBrokers());
    try {
      const response = await fetch(`${gateway.internalUrl}/admin/emergency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer anything-at-all-24-chars' },
        body: JSON.stringify({ active: true, scope: 'all', reason: 'r' }),
      });

      expect(response.status).toBe(404);
    } finally {
      await gateway.close();
    }
  });
});
