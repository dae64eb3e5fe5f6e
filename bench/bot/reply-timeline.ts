import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { type ScheduledMessage, tagOf } from './customer-message.load';

interface PlatformEventView {
  type: string;
  resource: { id: string; metadata: Record<string, unknown> };
}

interface TimedApiCall {
  method: string;
  path: string;
  params: Record<string, unknown>;
  status: number;
  at: number;
}

/** One customer message's way through the system, in epoch ms. */
export interface MessageTimeline {
  readonly message: ScheduledMessage;
  readonly contentId?: string;
  /** The bot's POST /1.0/interventions for this content reached the simulator. */
  readonly openedAt?: number;
  /** The bot's POST /1.0/contents answering this content reached the simulator (answered 200). */
  readonly repliedAt?: number;
}

/** What the simulator saw: the contents the messages became, and when the bot's calls for them arrived. */
export async function readTimelines(
  simulatorUrl: string,
  messages: ReadonlyMap<string, ScheduledMessage>,
): Promise<MessageTimeline[]> {
  const [events, calls] = await Promise.all([
    getJson<PlatformEventView[]>(`${simulatorUrl}/_control/events`),
    getJson<TimedApiCall[]>(`${simulatorUrl}/_control/api-calls`),
  ]);
  const contentByTag = new Map<string, string>();
  for (const event of events) {
    const tag = tagOf(event.resource.metadata.body);
    if (
      event.type === 'content.imported' &&
      event.resource.metadata.creator_id !== WALKTHROUGH.botUserId &&
      tag
    ) {
      contentByTag.set(tag, event.resource.id);
    }
  }
  const opened = firstCallAt(calls, '/1.0/interventions', 'content_id');
  const replied = firstCallAt(calls, '/1.0/contents', 'in_reply_to_id');
  return [...messages.values()].map((message) => {
    const contentId = contentByTag.get(message.tag);
    return {
      message,
      contentId,
      openedAt: contentId === undefined ? undefined : opened.get(contentId),
      repliedAt: contentId === undefined ? undefined : replied.get(contentId),
    };
  });
}

function firstCallAt(calls: readonly TimedApiCall[], path: string, param: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const call of calls) {
    const id = call.params[param];
    if (call.method === 'POST' && call.path === path && call.status === 200 && typeof id === 'string') {
      if (typeof call.at !== 'number') {
        throw new Error('the simulator lists API calls without `at`: rebuild engage-simulator');
      }
      times.set(id, Math.min(times.get(id) ?? Number.POSITIVE_INFINITY, call.at));
    }
  }
  return times;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  return (await response.json()) as T;
}
