import { OpsApiClient } from './ops-api.client';

const TOKEN = 'dashboard-ops-token-0123456789abcdef';
const SUMMARY = {
  effects: { failed: 1, failedByKind: { post_reply: 1 }, latestFailed: [{ id: 'reply:c1' }] },
  parked: { open: 0, openByConsumer: {}, latestOpen: [] },
};

type Answer = { status: number; body?: unknown } | Error;

/** The apps' ops admin APIs as the client sees them: each request recorded, answered per URL. */
function apis(answers: Record<string, Answer>) {
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchFn = ((url: string, init: RequestInit) => {
    requests.push({ url, headers: init.headers as Record<string, string> });
    const answer = Object.entries(answers).find(([prefix]) => url.startsWith(prefix))?.[1];
    if (answer === undefined || answer instanceof Error) {
      return Promise.reject(answer ?? new TypeError('fetch failed'));
    }
    return Promise.resolve(
      new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status }),
    );
  }) as typeof fetch;
  return { requests, fetchFn };
}

const client = (fetchFn: typeof fetch): OpsApiClient =>
  new OpsApiClient(
    {
      apps: [
        { app: 'bot-responder', url: 'http://bot-responder:9001' },
        { app: 'handover', url: 'http://handover:9002' },
      ],
      token: TOKEN,
      timeoutMs: 1_000,
    },
    fetchFn,
  );

describe(OpsApiClient.name, () => {
  it("should read every app's summary with the token, acting for the supervisor", async () => {
    const { requests, fetchFn } = apis({
      'http://bot-responder:9001': { status: 200, body: SUMMARY },
      'http://handover:9002': { status: 200, body: SUMMARY },
    });

    const failures = await client(fetchFn).failures('alice');

    expect(failures).toEqual([
      { app: 'bot-responder', ok: true, summary: SUMMARY },
      { app: 'handover', ok: true, summary: SUMMARY },
    ]);
    expect(requests.map((request) => request.url)).toEqual([
      'http://bot-responder:9001/admin/ops/summary?latest=5',
      'http://handover:9002/admin/ops/summary?latest=5',
    ]);
    expect(requests[0].headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'x-acting-for': 'alice' });
  });

  it('should say which app refused or could not be reached, never quoting the token, and show the others', async () => {
    const { fetchFn } = apis({
      'http://bot-responder:9001': { status: 401, body: { message: `bad token ${TOKEN}` } },
      'http://handover:9002': new TypeError('fetch failed'),
    });

    const failures = await client(fetchFn).failures('alice');

    expect(failures).toEqual([
      { app: 'bot-responder', ok: false, message: 'http://bot-responder:9001 refused OPS_API_TOKEN' },
      { app: 'handover', ok: false, message: 'http://handover:9002 cannot be reached' },
    ]);
    expect(JSON.stringify(failures)).not.toContain(TOKEN);
  });

  it("should fetch one item's detail by its id, encoded, and refuse an app it does not know", async () => {
    const { requests, fetchFn } = apis({ 'http://handover:9002': { status: 200, body: { record: {} } } });

    expect(
      await client(fetchFn).detail('handover', 'parked', 'handover/engage.events.v1/3/12', 'bob'),
    ).toEqual({
      kind: 'found',
      body: { record: {} },
    });
    expect(requests[0].url).toBe(
      'http://handover:9002/admin/ops/parked/handover%2Fengage.events.v1%2F3%2F12',
    );
    expect(await client(fetchFn).detail('other', 'effects', 'x', 'bob')).toMatchObject({
      kind: 'failed',
      status: 404,
    });
  });
});
