import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { BOT_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';

describe('engage-simulator source imports', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  it("should open a chat thread with the welcome message, imported like the customer's messages after it", async () => {
    const welcome = await sim.request('POST', '/_control/source-imports', {
      json: { source_id: W.sourceId, kind: 'welcome_message', body: 'Bienvenue !' },
    });
    const message = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, thread_id: welcome.body.thread_id, body: 'Bonjour' },
    });
    const timeline = await sim.request('GET', `/_control/threads/${welcome.body.thread_id}/timeline`);
    const view = await sim.request('GET', `/_control/threads/${welcome.body.thread_id}/customer-view`);

    expect(welcome.body).toMatchObject({
      author_id: W.chatBrandIdentityId,
      creator_id: null,
      created_from: 'synchronizer',
      status: 'user_reply',
      first_in_thread: true,
      category_ids: [W.botCategoryId],
    });
    expect(message.body.thread_id).toBe(welcome.body.thread_id);
    expect(timeline.body.events.map((e) => [e.type, e.user_id, e.resource.metadata.status])).toEqual([
      ['content.imported', undefined, 'user_reply'],
      ['content.imported', undefined, 'new'],
    ]);
    expect(view.body.messages.map((m) => [m.from, m.body])).toEqual([
      ['brand', 'Bienvenue !'],
      ['customer', 'Bonjour'],
    ]);
  });

  it('should import a brand post as user_initiated unless told its status, and validate the request', async () => {
    const post = await sim.request('POST', '/_control/source-imports', {
      json: { source_id: W.twitterSourceId, kind: 'brand_post', body: 'Soldes !' },
    });
    const ignored = await sim.request('POST', '/_control/source-imports', {
      json: {
        source_id: W.twitterSourceId,
        thread_id: post.body.thread_id,
        kind: 'brand_post',
        body: 'x',
        status: 'ignored',
      },
    });
    const badKind = await sim.request('POST', '/_control/source-imports', {
      json: { source_id: W.twitterSourceId, kind: 'tweet', body: 'x' },
    });
    const shown = await sim.request('GET', `/1.0/contents/${post.body.id}`, { token: BOT_TOKEN });

    expect(shown.body).toMatchObject({
      author_id: W.twitterBrandIdentityId,
      status: 'user_initiated',
      type: 'tweet',
      private_message: false,
    });
    expect(ignored.body).toMatchObject({ thread_id: post.body.thread_id, status: 'ignored' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.message).toMatch(/^kind: /);
  });
});
