import { WALKTHROUGH as W } from './platform-seed';
import { SourcesModel } from './sources.model';
import { refusal, walkthroughPlatform } from './testing/platform.fixture';

describe(SourcesModel.name, () => {
  describe('update', () => {
    it('should give new threads the new default categories, the empty set included', () => {
      const p = walkthroughPlatform();

      p.sources.update(W.sourceId, { default_category_ids: [W.agentCategoryId], name: 'Chat' });
      const agentFirst = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'one' });
      p.sources.update(W.sourceId, { default_category_ids: [] });
      const uncategorized = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'two' });

      expect(p.state.thread(agentFirst.thread_id).thread_category_ids).toEqual([W.agentCategoryId]);
      expect(p.state.thread(uncategorized.thread_id).thread_category_ids).toEqual([]);
      expect(p.state.source(W.sourceId)).toMatchObject({ name: 'Chat', active: true });
    });

    it('should refuse an unknown category with 422 and change nothing', () => {
      const p = walkthroughPlatform();

      const refused = refusal(() =>
        p.sources.update(W.sourceId, { name: 'X', default_category_ids: ['nope'] }),
      );

      expect(refused).toMatchObject({ status: 422, message: 'Unknown categories: nope' });
      expect(p.state.source(W.sourceId)).toMatchObject({
        name: 'Dimelo Chat',
        default_category_ids: [W.botCategoryId],
      });
    });
  });
});
