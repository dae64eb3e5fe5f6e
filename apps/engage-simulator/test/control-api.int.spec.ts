import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { BOT_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';

describe('engage-simulator control API', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  it('should reject a customer message with 400 naming the bad field', async () => {
    const response = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: 'nope', body: 'hi' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_parameters', status: 400 });
    expect(response.body.message).toMatch(/^source_id: /);
    const noBody = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId },
    });
    expect(noBody.body.message).toMatch(/^body: /);
  });

  it('should reject an unknown agent channel status with 400 naming status', async () => {
    const response = await sim.request('PUT', `/_control/agents/${W.agentUserId}/channels/${W.channelId}`, {
      json: { status: 'busy' },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^status: /);
    const badBusyness = await sim.request(
      'PUT',
      `/_control/agents/${W.agentUserId}/channels/${W.channelId}`,
      {
        json: { status: 'available', busyness: 'overloaded' },
      },
    );
    expect(badBusyness.status).toBe(400);
    expect(badBusyness.body.message).toMatch(/^busyness: /);
  });

  it('should show a thread timeline with its contents, interventions and recorded events', async () => {
    const message = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, body: 'hello' },
    });
    await sim.request('POST', '/1.0/interventions', {
      token: BOT_TOKEN,
      form: `content_id=${message.body.id}`,
    });
    const timeline = await sim.request('GET', `/_control/threads/${message.body.thread_id}/timeline`);
    expect(timeline.body.thread).toMatchObject({
      id: message.body.thread_id,
      thread_category_ids: [W.botCategoryId],
    });
    expect(timeline.body.contents).toHaveLength(1);
    expect(timeline.body.interventions).toHaveLength(1);
    expect(timeline.body.events.map((event) => event.type)).toEqual([
      'content.imported',
      'intervention.opened',
    ]);
  });

  it('should require the control token when one is configured', async () => {
    const guarded = await startSimulator({ SIMULATOR_CONTROL_TOKEN: 'ctl' });
    try {
      const refused = await guarded.request('GET', '/_control/events');
      expect(refused.body).toMatchObject({ error: 'invalid_control_token', status: 401 });
      const allowed = await guarded.request('GET', '/_control/events', {
        headers: { 'x-simulator-control-token': 'ctl' },
      });
      expect(allowed.status).toBe(200);
    } finally {
      await guarded.app.close();
    }
  });
});
