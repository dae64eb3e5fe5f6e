import { GatewayAdminClient, interpretGatewayAnswer } from './gateway-admin.client';

const TOKEN = 'admin-token-0123456789abcdef-secret';
const URL_ = 'http://gateway.internal:3000/';
const REQUEST = { active: true, scope: 'all' as const, reason: 'bot outage' };

function client(answer: () => Promise<Response>): {
  client: GatewayAdminClient;
  calls: Array<{ url: string; init: RequestInit }>;
} {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchFn = ((url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  }) as unknown as typeof fetch;
  return { client: new GatewayAdminClient({ url: URL_, token: TOKEN, timeoutMs: 50 }, fetchFn), calls };
}

const json = (status: number, body: unknown): Promise<Response> =>
  Promise.resolve(new Response(JSON.stringify(body), { status }));

describe(GatewayAdminClient.name, () => {
  it('should post the request with the bearer token, naming the supervisor in X-Acting-For, not in the body', async () => {
    const accepted = {
      command_id: 'c-1',
      active: true,
      source_ids: null,
      issued_at: '2026-11-24T10:00:00.000Z',
    };
    const { client: gateway, calls } = client(() => json(202, accepted));

    await expect(gateway.switchEmergency(REQUEST, 'alice')).resolves.toEqual({ kind: 'accepted', accepted });

    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('http://gateway.internal:3000/admin/emergency');
    expect(calls[0].init.method).toBe('POST');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe(`Bearer ${TOKEN}`);
    expect((calls[0].init.headers as Record<string, string>)['x-acting-for']).toBe('alice');
    expect(JSON.parse(calls[0].init.body as string)).toEqual(REQUEST);
    expect(calls[0].init.redirect).toBe('error');
  });

  it.each([
    [
      'a refused token',
      () => json(401, { message: 'Missing or invalid admin token' }),
      502,
      /differs from the gateway's/,
    ],
    ['no admin API', () => json(404, { message: 'Cannot POST /admin/emergency' }), 502, /no admin API/],
    [
      'a refused body',
      () => json(400, { message: 'scope is invalid' }),
      502,
      /refused the switch: scope is invalid/,
    ],
    ['a failure', () => json(503, { message: 'Kafka is down' }), 502, /HTTP 503: Kafka is down/],
    [
      'an unreachable gateway',
      () =>
        Promise.reject(
          new TypeError('fetch failed', { cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }) }),
        ),
      502,
      /unreachable \(ECONNREFUSED\)/,
    ],
    [
      'no answer in time',
      () => Promise.reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })),
      504,
      /did not answer within 50 ms/,
    ],
  ])(
    'should explain %s, naming the gateway by origin and never the token',
    async (_case, answer, status, expected) => {
      const { client: gateway } = client(answer);

      const result = await gateway.switchEmergency(REQUEST, 'alice');

      expect(result).toMatchObject({ kind: 'failed', status });
      const message = result.kind === 'failed' ? result.message : '';
      expect(message).toMatch(expected);
      expect(message).not.toContain(TOKEN);
    },
  );

  it("should say the status and the gateway's message of an unexpected answer", () => {
    const answer = interpretGatewayAnswer(500, { message: 'boom' }, 'http://gateway:3000');
    expect(answer).toEqual({
      kind: 'failed',
      status: 502,
      message:
        'The gateway at http://gateway:3000 answered HTTP 500: boom; the switch may not have been made',
    });
  });

  it('should name the gateway without credentials put in its URL', async () => {
    const fetchFn = (() => json(401, {})) as unknown as typeof fetch;
    const gateway = new GatewayAdminClient(
      { url: 'http://user:pass@gateway:3000', token: TOKEN, timeoutMs: 50 },
      fetchFn,
    );
    const result = await gateway.switchEmergency(REQUEST, 'alice');
    expect(JSON.stringify(result)).not.toContain('pass');
  });
});
