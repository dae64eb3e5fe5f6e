import { createTestDatabase, pollUntil, type TestDatabase } from '@handover/test-infra';
import { DataSource } from 'typeorm';
import { PlatformQuota, type PlatformQuotaOptions, QUOTA_SCHEMA } from './platform-quota';

describe(PlatformQuota.name, () => {
  let database: TestDatabase;
  /** One pool per replica: what they share is the database alone. */
  const pools: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let replica = 0; replica < 3; replica += 1) {
      pools.push(
        await new DataSource({ type: 'postgres', url: database.url, extra: { max: 4 } }).initialize(),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.destroy()));
    await database?.drop();
  });

  beforeEach(async () => {
    await pools[0].query(`DROP SCHEMA IF EXISTS ${QUOTA_SCHEMA} CASCADE`);
  });

  const open = (limits: Partial<PlatformQuotaOptions>, replica = 0): Promise<PlatformQuota> =>
    PlatformQuota.open(pools[replica], {
      calls: 10,
      windowMs: 60_000,
      reservedForHigh: 0,
      holder: `replica-${replica}`,
      ...limits,
    });

  it('should never grant more than the limit to replicas taking at the same time', async () => {
    const replicas = await Promise.all([0, 1, 2].map((replica) => open({ calls: 25 }, replica)));

    const grants = await Promise.all(
      Array.from({ length: 30 }, (_, i) => replicas[i % 3].take(3, 'high', 30_000)),
    );

    const granted = grants.reduce((sum, grant) => sum + grant.ids.length, 0);
    expect(granted).toBe(25);
    expect(await replicas[1].usage()).toEqual({ high: 25, low: 0 });
  });

  it('should keep the reserve for high priority: low calls stop while it is all that is left', async () => {
    const quota = await open({ calls: 10, reservedForHigh: 4 });

    expect((await quota.take(8, 'low', 30_000)).ids).toHaveLength(6);
    expect((await quota.take(1, 'low', 30_000)).ids).toHaveLength(0);
    expect((await quota.take(8, 'high', 30_000)).ids).toHaveLength(4);
    expect(await quota.usage()).toEqual({ high: 4, low: 6 });
  });

  it('should free given-back slots at once and ended ones a window after their end', async () => {
    const quota = await open({ calls: 2, windowMs: 1_000 });
    const first = await quota.take(2, 'high', 30_000);

    await quota.giveBack(first.ids.slice(1));
    const second = await quota.take(2, 'high', 30_000);
    expect(second.ids).toHaveLength(1);

    await quota.end([...first.ids.slice(0, 1), ...second.ids]);
    const refused = await quota.take(1, 'high', 30_000);
    expect(refused.ids).toHaveLength(0);
    expect(refused.retryInMs).toBeGreaterThan(0);
    expect(refused.retryInMs).toBeLessThanOrEqual(1_000);

    const later = await pollUntil(
      async () => {
        const grant = await quota.take(2, 'high', 30_000);
        return grant.ids.length > 0 ? grant : undefined;
      },
      { timeoutMs: 5_000 },
    );
    expect(later.ids).toHaveLength(2);
  });

  it('should count a slot its holder never ended (a crash) until its lease is over, plus a window', async () => {
    const crashed = await open({ calls: 1, windowMs: 1_000 }, 0);
    await crashed.take(1, 'high', 500);
    const survivor = await open({ calls: 1, windowMs: 1_000 }, 1);

    const refused = await survivor.take(1, 'high', 30_000);
    expect(refused.ids).toHaveLength(0);
    // Free once the lease (0.5 s) and a window (1 s) have passed.
    expect(refused.retryInMs).toBeGreaterThan(1_000);
    expect(refused.retryInMs).toBeLessThanOrEqual(1_500);
  });

  it('should create its table once when several apps start together', async () => {
    await Promise.all([0, 1, 2].map((replica) => open({}, replica)));

    const [row] = await pools[0].query<Array<{ tables: number }>>(
      `SELECT count(*)::int AS tables FROM information_schema.tables WHERE table_schema = $1`,
      [QUOTA_SCHEMA],
    );
    expect(row.tables).toBe(1);
  });
});
