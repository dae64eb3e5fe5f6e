import { type EngageCategory, type EngageClient, type EngageSource } from '@handover/engage-client';
import { type PlatformQuota } from '@handover/event-runtime';
import { type NamedId, type PlatformNames } from './platform-names.cache';

/** GET /content_sources and GET /categories, one page each in most accounts. */
const CALLS = 2;
/** RCED's largest page (ENGAGE_API.md §2.3): how the client walks a collection. */
const PAGE_SIZE = 150;
const LEASE_MARGIN_MS = 5_000;

type Lister = Pick<EngageClient, 'listSources' | 'listCategories'>;
type Quota = Pick<PlatformQuota, 'take' | 'end' | 'giveBack' | 'record'>;

/**
 * Fetches the names from RCED, spending low-priority slots of the deployment's platform quota
 * (replies and handovers keep their reserve): with no slot free, nothing is called and the fetch
 * fails, to be retried later.
 */
export function platformNamesLoader(
  client: Lister,
  quota: Quota,
  timeoutMs: number,
): () => Promise<PlatformNames> {
  return async () => {
    const grant = await quota.take(CALLS, 'low', CALLS * timeoutMs + LEASE_MARGIN_MS);
    if (grant.ids.length < CALLS) {
      await quota.giveBack(grant.ids);
      throw new Error('the platform quota has no room for them now');
    }
    let spent = 0;
    const walk = async <T>(list: () => Promise<T[]>): Promise<T[]> => {
      spent += 1;
      const records = await list();
      spent += pagesOf(records.length) - 1;
      return records;
    };
    try {
      const sources = await walk<EngageSource>(() => client.listSources());
      const categories = await walk<EngageCategory>(() => client.listCategories());
      return {
        sources: sources.map(({ id, name }) => ({ id, name })),
        categories: categoryNames(categories),
      };
    } finally {
      await quota.end(grant.ids.slice(0, spent));
      await quota.giveBack(grant.ids.slice(spent));
      await quota.record(spent - grant.ids.length, 'low');
    }
  };
}

function pagesOf(records: number): number {
  return Math.max(1, Math.ceil(records / PAGE_SIZE));
}

/** A subcategory reads `Parent › Child`: RCED's names are unique only among siblings. */
function categoryNames(categories: readonly EngageCategory[]): NamedId[] {
  const byId = new Map(categories.map((category) => [category.id, category]));
  return categories.map((category) => {
    const parent = category.parent_id ? byId.get(category.parent_id) : undefined;
    return { id: category.id, name: parent ? `${parent.name} › ${category.name}` : category.name };
  });
}
