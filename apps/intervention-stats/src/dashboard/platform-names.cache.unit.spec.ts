import { type PlatformNames, PlatformNamesCache } from './platform-names.cache';

const NAMES: PlatformNames = {
  sources: [{ id: 'src1', name: 'Chat' }],
  categories: [{ id: 'cat1', name: 'BOT' }],
};

describe(PlatformNamesCache.name, () => {
  let now: Date;
  const clock = (): Date => now;
  const options = { refreshMs: 600_000, retryMs: 60_000, clock };

  beforeEach(() => {
    now = new Date('2026-05-12T10:00:00Z');
  });

  describe('view', () => {
    it('should show no names and not call RCED when it is not configured', async () => {
      const cache = new PlatformNamesCache(null, options);

      await cache.refreshIfDue();

      expect(cache.view()).toEqual({
        configured: false,
        sources: [],
        categories: [],
        refreshed_at: null,
        problem: null,
      });
    });

    it('should answer at once while the first fetch is under way, then with the names', async () => {
      let answer: (names: PlatformNames) => void = () => undefined;
      const load = jest.fn(() => new Promise<PlatformNames>((resolve) => (answer = resolve)));
      const cache = new PlatformNamesCache(load, options);

      expect(cache.view()).toMatchObject({ configured: true, sources: [], refreshed_at: null });
      answer(NAMES);
      await cache.refreshIfDue();

      expect(cache.view()).toMatchObject({ ...NAMES, refreshed_at: now.toISOString(), problem: null });
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('should fetch again only once the names are refreshMs old', async () => {
      const load = jest.fn(() => Promise.resolve(NAMES));
      const cache = new PlatformNamesCache(load, options);
      await cache.refreshIfDue();

      now = new Date(now.getTime() + 599_999);
      cache.view();
      await cache.refreshIfDue();
      expect(load).toHaveBeenCalledTimes(1);

      now = new Date(now.getTime() + 1);
      cache.view();
      await cache.refreshIfDue();
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('should keep the names it had when a fetch fails, say why, and retry after retryMs', async () => {
      const load = jest
        .fn<Promise<PlatformNames>, []>()
        .mockResolvedValueOnce(NAMES)
        .mockRejectedValueOnce(new Error('Engage GET /content_sources failed: network_error'))
        .mockResolvedValueOnce({ sources: [{ id: 'src1', name: 'Chat (renamed)' }], categories: [] });
      const cache = new PlatformNamesCache(load, options);
      await cache.refreshIfDue();
      const fetchedAt = now.toISOString();

      now = new Date(now.getTime() + 600_000);
      await cache.refreshIfDue();
      expect(cache.view()).toMatchObject({
        ...NAMES,
        refreshed_at: fetchedAt,
        problem: 'Engage GET /content_sources failed: network_error',
      });

      now = new Date(now.getTime() + 59_999);
      await cache.refreshIfDue();
      expect(load).toHaveBeenCalledTimes(2);
      now = new Date(now.getTime() + 1);
      await cache.refreshIfDue();
      expect(cache.view()).toMatchObject({
        sources: [{ id: 'src1', name: 'Chat (renamed)' }],
        refreshed_at: now.toISOString(),
        problem: null,
      });
    });

    it('should never run two fetches at once', async () => {
      const load = jest.fn(() => Promise.resolve(NAMES));
      const cache = new PlatformNamesCache(load, options);

      await Promise.all([cache.refreshIfDue(), cache.refreshIfDue(), Promise.resolve(cache.view())]);

      expect(load).toHaveBeenCalledTimes(1);
    });
  });
});
