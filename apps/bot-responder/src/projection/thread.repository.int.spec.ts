import { BatchScope, type ConsumedRecord } from '@handover/event-runtime';
import { useTestSchema } from '@handover/test-infra';
import { type EntityManager } from 'typeorm';
import { BOT_RESPONDER_MIGRATIONS } from '../../migrations';
import { PROJECTION_ENTITIES } from '.';
import { emptyThread, type ThreadState } from './thread-state';
import { ThreadRepository } from './thread.repository';

/** ThreadRepository on real Postgres: what a batch writes is what the next batch reads. */
describe(ThreadRepository.name, () => {
  const schema = useTestSchema({
    schema: 'thread_store_test',
    entities: PROJECTION_ENTITIES,
    migrations: BOT_RESPONDER_MIGRATIONS,
  });

  const record = (threadId: string): ConsumedRecord => ({
    topic: 'engage.events.v1',
    partition: 0,
    offset: '0',
    key: threadId,
    eventType: 'content.imported',
    eventId: `event-${threadId}`,
    headers: {},
    rawValue: '{}',
  });

  /** One batch: its scope over `threadIds`, flushed in its transaction as the consumer does. */
  const batch = async <T>(
    threadIds: string[],
    work: (store: ThreadRepository, manager: EntityManager) => Promise<T>,
  ) =>
    schema().transaction(async (manager) => {
      const scope = new BatchScope(threadIds.map(record), manager);
      const result = await work(ThreadRepository.of(scope), manager);
      await scope.flush();
      return result;
    });

  const facts = (state: ThreadState): ThreadState => ({
    ...state,
    sourceId: 'source-1',
    categoryIds: ['cat-bot'],
    categoriesAt: '2030-01-01T10:00:00.000Z',
    interventionId: 'intervention-1',
    ownerUserId: 'user-bot',
    lastCustomerContentId: 'content-9',
    lastFactAt: '2030-01-01T10:00:00.000Z',
    customerLines: [{ from: 'customer', text: 'Bonjour 🙏', at: '2030-01-01T10:00:00.000Z' }],
  });

  it('should read back, in a later batch, the facts, turns and routing a batch wrote', async () => {
    // Each handler of the batch reads the thread's current state and sets its part, as the consumers do.
    await batch(['thread-a'], async (store) => {
      store.setFacts(facts(await store.get('thread-a')));
      store.setTurns({
        ...(await store.get('thread-a')),
        botTurns: 2,
        consecutiveFallbacks: 1,
        botLines: [{ from: 'bot', text: 'Bonjour !', at: '2030-01-01T10:00:01.000Z' }],
        readCategoryIds: ['cat-bot'],
        readAt: '2030-01-01T10:00:02.000Z',
      });
      store.setRouting({ ...(await store.get('thread-a')), returnedToBotAt: '2030-01-01T10:05:00.000Z' });
    });

    const read = await batch(['thread-a'], (store) => store.get('thread-a'));

    expect(read).toEqual({
      ...facts(emptyThread('thread-a')),
      botTurns: 2,
      consecutiveFallbacks: 1,
      botLines: [{ from: 'bot', text: 'Bonjour !', at: '2030-01-01T10:00:01.000Z' }],
      readCategoryIds: ['cat-bot'],
      readAt: '2030-01-01T10:00:02.000Z',
      returnedToBotAt: '2030-01-01T10:05:00.000Z',
    });
  });

  it('should give a thread it never saw an empty state, and every thread of the batch', async () => {
    const read = await batch(['thread-new-1', 'thread-new-2'], async (store) => [
      await store.get('thread-new-1'),
      await store.get('thread-new-2'),
    ]);

    expect(read).toEqual([emptyThread('thread-new-1'), emptyThread('thread-new-2')]);
  });

  it("should not erase the bot's turns when a batch of RCED's facts read the thread before they were written", async () => {
    // engage.events.v1 and bot.events.v1 are consumed at once: a facts batch may read the thread,
    // then a turns batch commits, then the facts batch writes.
    const factsBatch = schema().createQueryRunner();
    await factsBatch.startTransaction();
    const factsScope = new BatchScope([record('thread-b')], factsBatch.manager);
    const stale = await ThreadRepository.of(factsScope).get('thread-b');
    await batch(['thread-b'], async (store) =>
      store.setTurns({ ...(await store.get('thread-b')), botTurns: 3 }),
    );

    ThreadRepository.of(factsScope).setFacts(facts(stale));
    await factsScope.flush();
    await factsBatch.commitTransaction();
    await factsBatch.release();

    const read = await batch(['thread-b'], (store) => store.get('thread-b'));
    expect([read.botTurns, read.sourceId, read.categoryIds]).toEqual([3, 'source-1', ['cat-bot']]);
  });
});
