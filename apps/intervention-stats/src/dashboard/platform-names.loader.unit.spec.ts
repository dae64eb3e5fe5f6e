import { EngageApiError, EngageApiErrorCode } from '@handover/engage-client';
import { platformNamesLoader } from './platform-names.loader';

function quotaGranting(slots: number) {
  const ids = Array.from({ length: slots }, (_, i) => String(i + 1));
  return {
    take: jest.fn().mockResolvedValue({ ids }),
    end: jest.fn().mockResolvedValue(undefined),
    giveBack: jest.fn().mockResolvedValue(undefined),
    record: jest.fn().mockResolvedValue(undefined),
  };
}

const source = (id: string, name: string) => ({ id, name, type: 'chat', active: true });
const category = (id: string, name: string, parent_id: string | null = null) => ({ id, name, parent_id });

describe(platformNamesLoader.name, () => {
  it('should name sources and categories, a subcategory under its parent, spending two low slots', async () => {
    const quota = quotaGranting(2);
    const client = {
      listSources: jest.fn().mockResolvedValue([source('s1', 'Chat'), source('s2', 'Support email')]),
      listCategories: jest
        .fn()
        .mockResolvedValue([
          category('c1', 'Billing'),
          category('c2', 'Refunds', 'c1'),
          category('c3', 'BOT'),
        ]),
    };

    const names = await platformNamesLoader(client, quota, 10_000)();

    expect(names).toEqual({
      sources: [
        { id: 's1', name: 'Chat' },
        { id: 's2', name: 'Support email' },
      ],
      categories: [
        { id: 'c1', name: 'Billing' },
        { id: 'c2', name: 'Billing › Refunds' },
        { id: 'c3', name: 'BOT' },
      ],
    });
    expect(quota.take).toHaveBeenCalledWith(2, 'low', 25_000);
    expect(quota.end).toHaveBeenCalledWith(['1', '2']);
    expect(quota.record).toHaveBeenCalledWith(0, 'low');
  });

  it('should call nothing when the quota has no room, giving back a partial grant', async () => {
    const quota = quotaGranting(1);
    const client = { listSources: jest.fn(), listCategories: jest.fn() };

    await expect(platformNamesLoader(client as never, quota, 10_000)()).rejects.toThrow(/quota/);

    expect(client.listSources).not.toHaveBeenCalled();
    expect(quota.giveBack).toHaveBeenCalledWith(['1']);
  });

  it('should count the calls made when RCED fails, and give back the slot not used', async () => {
    const quota = quotaGranting(2);
    const failure = new EngageApiError(EngageApiErrorCode.ServerError, 'GET /content_sources', 503);
    const client = { listSources: jest.fn().mockRejectedValue(failure), listCategories: jest.fn() };

    await expect(platformNamesLoader(client as never, quota, 10_000)()).rejects.toBe(failure);

    expect(quota.end).toHaveBeenCalledWith(['1']);
    expect(quota.giveBack).toHaveBeenLastCalledWith(['2']);
  });

  it('should record the pages walked beyond the slots taken', async () => {
    const quota = quotaGranting(2);
    const many = Array.from({ length: 151 }, (_, i) => source(`s${i}`, `Source ${i}`));
    const client = {
      listSources: jest.fn().mockResolvedValue(many),
      listCategories: jest.fn().mockResolvedValue([]),
    };

    await platformNamesLoader(client, quota, 10_000)();

    expect(quota.end).toHaveBeenCalledWith(['1', '2']);
    expect(quota.record).toHaveBeenCalledWith(1, 'low');
  });
});
