import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import {
  AGENT_TOKEN,
  BOT_TOKEN,
  NO_READ_TOKEN,
  type RunningSimulator,
  botConversation,
  startSimulator,
} from './simulator.harness';

describe('engage-simulator intervention comments', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  const openIntervention = () => botConversation(sim, { body: 'Je veux un humain' });

  const comment = (token: string, form: string) =>
    sim.request('POST', '/1.0/intervention_comments', { token, form });

  it("should create a comment as the token's user and count it on the intervention", async () => {
    const { intervention } = await openIntervention();

    const created = await comment(
      BOT_TOKEN,
      `body=Customer%20asked%20for%20a%20human&intervention_id=${intervention.id}&user_id=${W.agentUserId}`,
    );
    const shown = await sim.request('GET', `/1.0/intervention_comments/${created.body.id}`, {
      token: AGENT_TOKEN,
    });
    const counted = await sim.request('GET', `/1.0/interventions/${intervention.id}`, { token: BOT_TOKEN });

    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/) as unknown,
      body: 'Customer asked for a human',
      intervention_id: intervention.id,
      thread_id: intervention.thread_id,
      user_id: W.botUserId,
      created_at: expect.any(String) as unknown,
      updated_at: expect.any(String) as unknown,
    });
    expect(shown.body).toEqual(created.body);
    expect(counted.body.comments_count).toBe(1);
  });

  it('should refuse missing parameters and unknown users with 422, unknown or unreadable interventions with 404', async () => {
    const { intervention } = await openIntervention();

    const noBody = await comment(BOT_TOKEN, `intervention_id=${intervention.id}&user_id=${W.botUserId}`);
    const noUser = await comment(BOT_TOKEN, `body=x&intervention_id=${intervention.id}`);
    const unknownUser = await comment(
      BOT_TOKEN,
      `body=x&intervention_id=${intervention.id}&user_id=5c0000000000000000000999`,
    );
    const unknownIntervention = await comment(
      BOT_TOKEN,
      `body=x&intervention_id=5c0000000000000000000999&user_id=${W.botUserId}`,
    );
    const unreadable = await comment(
      NO_READ_TOKEN,
      `body=x&intervention_id=${intervention.id}&user_id=${W.botUserId}`,
    );

    expect(noBody.body).toEqual({ error: 'invalid_parameters', message: 'body is required', status: 422 });
    expect(noUser.body).toMatchObject({ message: 'user_id is required', status: 422 });
    expect(unknownUser.status).toBe(422);
    expect([unknownIntervention.status, unreadable.status]).toEqual([404, 404]);
  });

  it('should list comments newest first, filtered and paginated, and delete one', async () => {
    const first = await openIntervention();
    const second = await openIntervention();
    const ids: string[] = [];
    for (const [token, intervention] of [
      [BOT_TOKEN, first.intervention],
      [AGENT_TOKEN, second.intervention],
      [BOT_TOKEN, second.intervention],
    ] as const) {
      ids.push(
        (await comment(token, `body=n&intervention_id=${intervention.id}&user_id=${W.botUserId}`)).body.id,
      );
    }
    const list = (query: string) =>
      sim.request('GET', '/1.0/intervention_comments', { token: BOT_TOKEN, query });

    const page = await list('limit=2&offset=1');
    const ofSecond = await list(`intervention_id=${second.intervention.id}`);
    const ofFirstThread = await list(`thread_id=${first.message.thread_id}`);
    const byAgent = await list(`user_id=${W.agentUserId}`);
    const byIdentity = await list(`identity_id=${first.message.author_id as string}`);
    const deleted = await sim.request('DELETE', `/1.0/intervention_comments/${ids[0]}`, { token: BOT_TOKEN });
    const afterDelete = await list('');

    expect(page.body).toMatchObject({ count: 3, offset: 1, limit: 2 });
    expect(page.body.records.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    expect(ofSecond.body.records.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(ofFirstThread.body.records.map((c) => c.id)).toEqual([ids[0]]);
    expect(byAgent.body.records.map((c) => c.id)).toEqual([ids[1]]);
    expect(byIdentity.body.records.map((c) => c.id)).toEqual([ids[0]]);
    expect(deleted.body).toMatchObject({ id: ids[0], body: 'n' });
    expect(afterDelete.body.records.map((c) => c.id)).toEqual([ids[2], ids[1]]);
  });

  it('should show comments to agents only: in the agent view and timeline, never in the customer view', async () => {
    const { message, intervention } = await openIntervention();
    await comment(BOT_TOKEN, `body=Agents%20only&intervention_id=${intervention.id}&user_id=${W.botUserId}`);
    await sim.request('POST', '/1.0/contents', {
      token: BOT_TOKEN,
      form: `in_reply_to_id=${message.id}&body=Un%20conseiller%20arrive&private=1`,
    });

    const customer = await sim.request('GET', `/_control/threads/${message.thread_id}/customer-view`);
    const agent = await sim.request('GET', `/_control/threads/${message.thread_id}/agent-view`);
    const timeline = await sim.request('GET', `/_control/threads/${message.thread_id}/timeline`);

    expect(customer.body.messages.map((m) => [m.from, m.body, m.private])).toEqual([
      ['customer', 'Je veux un humain', true],
      ['brand', 'Un conseiller arrive', true],
    ]);
    expect(JSON.stringify(customer.body)).not.toContain('Agents only');
    expect(agent.body.contents.map((c) => c.body)).toEqual(['Je veux un humain', 'Un conseiller arrive']);
    expect(agent.body.comments.map((c) => c.body)).toEqual(['Agents only']);
    expect(timeline.body.comments.map((c) => c.body)).toEqual(['Agents only']);
    expect(timeline.body.events.map((e) => e.type)).toEqual([
      'content.imported',
      'intervention.opened',
      'content.replied',
      'content.exported',
    ]);
  });
});
