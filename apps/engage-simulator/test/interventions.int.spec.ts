import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import {
  AGENT_TOKEN,
  type ApiBody,
  BOT_TOKEN,
  type RunningSimulator,
  startSimulator,
} from './simulator.harness';

describe('engage-simulator interventions', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  async function intervention(token: string, sourceId: string = W.sourceId): Promise<ApiBody> {
    const message = (
      await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: sourceId, body: 'Allô' },
      })
    ).body;
    await sim.request('POST', '/1.0/interventions', { token, form: `content_id=${message.id}` });
    return (
      await sim.request('GET', '/1.0/interventions', { token, query: `thread_id=${message.thread_id}` })
    ).body.records[0];
  }

  describe('GET /1.0/interventions', () => {
    it('should list newest first, filtered by thread, user and status, paginated', async () => {
      const first = await intervention(BOT_TOKEN);
      await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `in_reply_to_id=${first.content_id as string}&body=Bot`,
      });
      await sim.request('PUT', `/1.0/interventions/${first.id}/close`, { token: BOT_TOKEN });
      const second = await intervention(AGENT_TOKEN, W.emailSourceId);
      const ids = async (query: string): Promise<string[]> =>
        (await sim.request('GET', '/1.0/interventions', { token: BOT_TOKEN, query })).body.records.map(
          (i) => i.id,
        );

      const page = await sim.request('GET', '/1.0/interventions', {
        token: BOT_TOKEN,
        query: 'limit=1&offset=1',
      });
      const badStatus = await sim.request('GET', '/1.0/interventions', {
        token: BOT_TOKEN,
        query: 'status=pending',
      });

      expect(await ids('')).toEqual([second.id, first.id]);
      expect(await ids(`user_id=${W.agentUserId}`)).toEqual([second.id]);
      expect(await ids(`thread_id=${first.thread_id}`)).toEqual([first.id]);
      expect(await ids('status=closed')).toEqual([first.id]);
      expect(await ids('status=opened')).toEqual([second.id]);
      expect(await ids('status=deferred')).toEqual([]);
      expect(page.body).toMatchObject({ count: 2, offset: 1, limit: 1 });
      expect(page.body.records.map((i) => i.id)).toEqual([first.id]);
      expect(badStatus.body).toMatchObject({ error: 'invalid_parameters', status: 422 });
    });
  });

  describe('PUT /1.0/interventions/{id}/reassign', () => {
    it('should set the owner and fire intervention.user_updated with the new owner in metadata', async () => {
      const opened = await intervention(BOT_TOKEN);

      const reassigned = await sim.request('PUT', `/1.0/interventions/${opened.id}/reassign`, {
        token: BOT_TOKEN,
        query: `user_id=${W.agent2UserId}`,
      });
      const shown = await sim.request('GET', `/1.0/interventions/${opened.id}`, { token: AGENT_TOKEN });
      const events = (await sim.request('GET', '/_control/events')).body as unknown as ApiBody[];

      expect(reassigned.status).toBe(200);
      expect(shown.body.user_id).toBe(W.agent2UserId);
      expect(events.at(-1)).toMatchObject({
        type: 'intervention.user_updated',
        user_id: W.botUserId,
        resource: { type: 'intervention', id: opened.id, metadata: { user_id: W.agent2UserId } },
      });
    });

    it('should refuse a missing or unknown user_id with 422 and a closed intervention with 403', async () => {
      const opened = await intervention(BOT_TOKEN);
      const reassign = (form: string) =>
        sim.request('PUT', `/1.0/interventions/${opened.id}/reassign`, { token: BOT_TOKEN, form });

      const missing = await reassign('');
      const unknown = await reassign('user_id=5c0000000000000000000999');
      await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `in_reply_to_id=${opened.content_id as string}&body=Bot`,
      });
      await sim.request('PUT', `/1.0/interventions/${opened.id}/close`, { token: BOT_TOKEN });
      const closed = await reassign(`user_id=${W.agentUserId}`);

      expect(missing.body).toEqual({
        error: 'invalid_parameters',
        message: 'user_id is required',
        status: 422,
      });
      expect(unknown.status).toBe(422);
      expect(closed.body).toMatchObject({ error: 'intervention_already_closed', status: 403 });
    });
  });
});
