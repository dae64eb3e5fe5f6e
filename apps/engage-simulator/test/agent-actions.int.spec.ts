import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { BOT_TOKEN, type RunningSimulator, botConversation, startSimulator } from './simulator.harness';

describe('engage-simulator agent actions', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  it('should let an agent take over the bot intervention, close it, and reopen it when the customer writes', async () => {
    const { message, intervention } = await botConversation(sim, {}, 'Bot');

    const reply = await sim.request('POST', `/_control/agents/${W.agentUserId}/replies`, {
      json: { in_reply_to_id: message.id, body: 'Je prends la suite.' },
    });
    const closed = await sim.request(
      'PUT',
      `/_control/agents/${W.agentUserId}/interventions/${intervention.id}/close`,
    );
    await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, thread_id: message.thread_id, body: 'Merci, encore une chose' },
    });
    const timeline = await sim.request('GET', `/_control/threads/${message.thread_id}/timeline`);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ creator_id: W.agentUserId, thread_id: message.thread_id });
    expect(closed.body).toMatchObject({ id: intervention.id, user_id: W.agentUserId, closed: true });
    expect(timeline.body.events.map((event) => [event.type, event.user_id])).toEqual([
      ['content.imported', undefined],
      ['intervention.opened', W.botUserId],
      ['content.replied', W.botUserId],
      ['content.exported', W.botUserId],
      ['intervention.user_updated', W.agentUserId],
      ['content.replied', W.agentUserId],
      ['content.exported', W.agentUserId],
      ['intervention.closed', W.agentUserId],
      ['intervention.reopened', undefined],
      ['content.imported', undefined],
    ]);
    expect(reply.body).toMatchObject({ created_from: 'interface', status: 'user_reply' });
  });

  it('should refuse an agent reply naming the bad field, and an unknown agent with 404', async () => {
    const message = (
      await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.sourceId, body: 'Allô' },
      })
    ).body;

    const invalid = await sim.request('POST', `/_control/agents/${W.agentUserId}/replies`, {
      json: { in_reply_to_id: message.id },
    });
    const unknown = await sim.request('POST', '/_control/agents/5c0000000000000000000999/replies', {
      json: { in_reply_to_id: message.id, body: 'Qui suis-je ?' },
    });

    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toMatch(/^body: /);
    expect(unknown.status).toBe(404);
  });

  it('should let an agent recategorize the thread in the console, firing intervention.recategorized when one is open', async () => {
    const message = (
      await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.sourceId, body: 'Aide' },
      })
    ).body;
    const path = `/_control/agents/${W.agentUserId}/threads/${message.thread_id}/categories`;

    const withoutIntervention = await sim.request('PUT', path, {
      json: { category_ids: [W.agentCategoryId] },
    });
    await sim.request('POST', '/1.0/interventions', { token: BOT_TOKEN, form: `content_id=${message.id}` });
    const backToBot = await sim.request('PUT', path, { json: { category_ids: [W.botCategoryId] } });
    const invalid = await sim.request('PUT', path, { json: { category_ids: 'AGENT' } });
    const unknownAgent = await sim.request(
      'PUT',
      `/_control/agents/5c0000000000000000000999/threads/${message.thread_id}/categories`,
      { json: { category_ids: [] } },
    );
    const timeline = await sim.request('GET', `/_control/threads/${message.thread_id}/timeline`);

    expect(withoutIntervention.body.thread_category_ids).toEqual([W.agentCategoryId]);
    expect(backToBot.body.thread_category_ids).toEqual([W.botCategoryId]);
    expect(invalid.status).toBe(400);
    expect(unknownAgent.body).toMatchObject({
      error: 'not_found',
      message: 'User 5c0000000000000000000999 not found',
    });
    expect(timeline.body.events.map((e) => [e.type, e.user_id])).toEqual([
      ['content.imported', undefined],
      ['intervention.opened', W.botUserId],
      ['intervention.recategorized', W.agentUserId],
    ]);
    expect(timeline.body.events[2].resource.metadata).toMatchObject({ category_ids: [W.botCategoryId] });
  });

  it('should let an agent reopen a closed intervention (intervention.reopened by them), not an open one', async () => {
    const { message, intervention } = await botConversation(sim, { body: 'Aide' });
    const reopen = () =>
      sim.request('PUT', `/_control/agents/${W.agent2UserId}/interventions/${intervention.id}/reopen`);

    const whileOpen = await reopen();
    await sim.request('POST', '/1.0/contents', {
      token: BOT_TOKEN,
      form: `in_reply_to_id=${message.id}&body=Bot`,
    });
    await sim.request('PUT', `/1.0/interventions/${intervention.id}/close`, { token: BOT_TOKEN });
    const reopened = await reopen();
    const events = (await sim.request('GET', `/_control/threads/${message.thread_id}/timeline`)).body.events;

    expect(whileOpen.body).toMatchObject({ error: 'intervention_not_closed', status: 403 });
    expect(reopened.body).toMatchObject({ id: intervention.id, closed: false, user_id: W.agent2UserId });
    expect(events.at(-1)).toMatchObject({
      type: 'intervention.reopened',
      user_id: W.agent2UserId,
      resource: { id: intervention.id, metadata: { user_id: W.agent2UserId, closed_at: null } },
    });
  });

  it('should let the same agents answer on both chat sources of the channel', async () => {
    const replies = [];
    for (const sourceId of [W.sourceId, W.secondChatSourceId]) {
      const message = (
        await sim.request('POST', '/_control/customer-messages', {
          json: { source_id: sourceId, body: 'Bonjour' },
        })
      ).body;
      replies.push(
        await sim.request('POST', `/_control/agents/${W.agent3UserId}/replies`, {
          json: { in_reply_to_id: message.id, body: 'Bonjour, ici Agent3' },
        }),
      );
    }
    const channels = await sim.request('GET', '/1.0/channels', { token: BOT_TOKEN });

    expect(replies.map((reply) => [reply.status, reply.body.source_id])).toEqual([
      [200, W.sourceId],
      [200, W.secondChatSourceId],
    ]);
    expect(channels.body.records[0]).toMatchObject({
      id: W.channelId,
      source_ids: [W.sourceId, W.secondChatSourceId],
    });
  });
});
