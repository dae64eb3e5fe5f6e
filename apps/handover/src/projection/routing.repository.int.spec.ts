import { useTestSchema } from '@handover/test-infra';
import { HANDOVER_MIGRATIONS } from '../../migrations';
import { initialRoutingState, type RoutingState } from '../routing/routing-state';
import { PROJECTION_ENTITIES } from '.';
import { RoutingRepository } from './routing.repository';

const CHANNEL = '5b3b6551d6cb00f93fe59c91';
const CHAT = '5b3b6562d6cb00f93fe59c9f';
const CHAT_2 = '5b3b6562d6cb00f93fe59ca0';
const EMAIL = '5b3b6562d6cb00f93fe59ca1';
const AT = '2030-01-10T12:00:00.000Z';
const after = (seconds: number): string => new Date(Date.parse(AT) + seconds * 1_000).toISOString();

/** RoutingRepository on real Postgres: the queries a handover decision stands on. */
describe(RoutingRepository.name, () => {
  const schema = useTestSchema({
    schema: 'routing_repository_test',
    entities: PROJECTION_ENTITIES,
    migrations: HANDOVER_MIGRATIONS,
  });
  let threads = 0;

  beforeEach(async () => {
    await schema().query('TRUNCATE thread_route, source_availability');
  });

  const repository = (): RoutingRepository => new RoutingRepository(schema().manager);
  const thread = async (changes: Partial<RoutingState>): Promise<string> => {
    const threadId = `5be5ae57d6cb009bde8e${String((threads += 1)).padStart(4, '0')}`;
    await repository().saveRoute({ ...initialRoutingState(threadId), ...changes });
    return threadId;
  };
  const seen = (sourceId: string, agents: number, at: string, channelId: string | null = CHANNEL) =>
    repository().saveAvailability(sourceId, channelId, agents, [], at);

  it("should count a channel's free agents across its sources, less the handovers made since they were seen", async () => {
    await seen(CHAT, 3, AT);
    await seen(CHAT_2, 3, AT);
    await seen(EMAIL, 1, AT, null);
    await thread({ sourceId: CHAT_2, route: 'AGENT', handoverTimes: [after(5)] });
    await thread({ sourceId: CHAT, route: 'AGENT', handoverTimes: [after(-60)] });
    await thread({ sourceId: EMAIL, route: 'AGENT', handoverTimes: [after(5)] });

    expect(await repository().freeAgents(CHAT)).toBe(2);
    expect(await repository().freeAgents(EMAIL)).toBe(0);
    expect(await repository().freeAgents(null)).toBe(0);
  });

  it('should keep the newest availability of a source and say when one came too late', async () => {
    expect(await seen(CHAT, 2, after(10))).toBe(true);
    expect(await seen(CHAT, 5, AT)).toBe(false);

    expect(await repository().freeAgents(CHAT)).toBe(2);
  });

  it('should list the threads waiting on a source first come first served, and those waiting too long anywhere', async () => {
    const second = await thread({ sourceId: CHAT, route: 'WAITING', waitingSince: after(20) });
    const first = await thread({ sourceId: CHAT, route: 'WAITING', waitingSince: after(10) });
    const elsewhere = await thread({ sourceId: EMAIL, route: 'WAITING', waitingSince: AT });
    await thread({ sourceId: CHAT, route: 'AGENT', handoverTimes: [AT] });

    expect(await repository().longestWaiting(CHAT, 10)).toEqual([first, second]);
    expect(await repository().longestWaiting(CHAT, 1)).toEqual([first]);
    expect(await repository().expiredWaiting(after(15), 10)).toEqual([elsewhere, first]);
  });
});
