import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import {
  ADMIN_TOKEN,
  AGENT_TOKEN,
  type ApiBody,
  BOT_TOKEN,
  NO_READ_TOKEN,
  READ_ONLY_TOKEN,
  type RunningSimulator,
  botConversation,
  startSimulator,
} from './simulator.harness';

describe('engage-simulator source permissions', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  /** A customer message under an intervention the bot opened, replied in and commented. */
  async function commentedConversation(): Promise<{
    message: ApiBody;
    intervention: ApiBody;
    comment: ApiBody;
  }> {
    const { message, intervention } = await botConversation(sim, {}, 'Bot');
    const comment = (
      await sim.request('POST', '/1.0/intervention_comments', {
        token: BOT_TOKEN,
        form: `body=note&intervention_id=${intervention.id}&user_id=${W.botUserId}`,
      })
    ).body;
    return { message, intervention, comment };
  }

  it('should answer 404, as for an unknown id, to a user who cannot read the source', async () => {
    const { message, intervention, comment } = await commentedConversation();
    const paths = [
      `/1.0/content_threads/${message.thread_id}`,
      `/1.0/contents/${message.id}`,
      `/1.0/interventions/${intervention.id}`,
      `/1.0/intervention_comments/${comment.id}`,
    ];

    const asNoRead = await Promise.all(
      paths.map((path) => sim.request('GET', path, { token: NO_READ_TOKEN })),
    );
    const asReadOnly = await Promise.all(
      paths.map((path) => sim.request('GET', path, { token: READ_ONLY_TOKEN })),
    );
    const recategorize = await sim.request(
      'PUT',
      `/1.0/content_threads/${message.thread_id}/update_categories`,
      {
        token: NO_READ_TOKEN,
        form: `thread_category_ids[]=${W.agentCategoryId}`,
      },
    );

    expect(asNoRead.map((answer) => [answer.status, answer.body.error])).toEqual(
      paths.map(() => [404, 'not_found']),
    );
    expect(asNoRead[0].body.message).toBe(`Thread ${message.thread_id} not found`);
    expect(asReadOnly.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(recategorize.status).toBe(404);
  });

  it('should list only what is on readable sources', async () => {
    const { message } = await commentedConversation();
    const lists = [
      '/1.0/contents',
      '/1.0/interventions',
      '/1.0/intervention_comments',
      '/1.0/content_sources',
    ];
    const counts = async (token: string): Promise<number[]> =>
      Promise.all(lists.map(async (path) => (await sim.request('GET', path, { token })).body.count));

    const noRead = await counts(NO_READ_TOKEN);
    const bot = await counts(BOT_TOKEN);
    const threadContents = await sim.request('GET', '/1.0/contents', {
      token: NO_READ_TOKEN,
      query: `q=thread:${message.thread_id}`,
    });

    expect(noRead).toEqual([0, 0, 0, 0]);
    expect(bot).toEqual([2, 1, 1, 4]);
    expect(threadContents.body).toMatchObject({ count: 0, records: [] });
  });

  it('should refuse with 403 a reply from a user without reply permission', async () => {
    const { message } = await commentedConversation();

    const reply = await sim.request('POST', '/1.0/contents', {
      token: READ_ONLY_TOKEN,
      form: `in_reply_to_id=${message.id}&body=Hello`,
    });
    const discussion = await sim.request('POST', '/1.0/contents', {
      token: NO_READ_TOKEN,
      form: `source_id=${W.twitterSourceId}&body=Hello`,
    });

    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({
      error: 'reply_not_allowed',
      message: `User cannot reply on source ${W.sourceId}`,
      status: 403,
    });
    expect(discussion.status).toBe(403);
  });

  it('should let only the owner or a user who may edit permissions close the intervention, if they can read', async () => {
    const { intervention } = await commentedConversation();
    const close = (token: string) =>
      sim.request('PUT', `/1.0/interventions/${intervention.id}/close`, { token });

    const byAgent = await close(AGENT_TOKEN);
    const byAdmin = await close(ADMIN_TOKEN);
    const second = await commentedConversation();
    await sim.request('PUT', `/1.0/interventions/${second.intervention.id}/reassign`, {
      token: BOT_TOKEN,
      form: `user_id=${W.noReadUserId}`,
    });
    const byUnreadingOwner = await sim.request('PUT', `/1.0/interventions/${second.intervention.id}/close`, {
      token: NO_READ_TOKEN,
    });

    expect(byAgent.body).toMatchObject({ error: 'not_intervention_owner', status: 403 });
    expect(byAdmin.body).toMatchObject({ id: intervention.id, closed: true, user_id: W.botUserId });
    expect(byUnreadingOwner.body).toMatchObject({ error: 'source_not_readable', status: 403 });
  });
});
