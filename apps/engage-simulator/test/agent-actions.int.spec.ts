import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { BOT_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';

describe('engage-simulator agent actions', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  it('should let an agent take over the bot intervention, close it, and reopen it when the customer writes', async () => {
    const message = (
      await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.sourceId, body: 'Bonjour' },
      })
    ).body;
    const intervention = (
      await sim.request('POST', '/1.0/interventions', { token: BOT_TOKEN, form: `content_id=${message.id}` })
    ).body;
    await sim.request('POST', '/1.0/contents', {
      token: BOT_TOKEN,
      form: `in_reply_to_id=${message.id}&body=Bot`,
    });

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
});
