import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** A thread made in the simulator before any measurement, as the bot would know it. */
export interface SeededThread {
  readonly threadId: string;
  readonly contentId: string;
  readonly sourceId: string;
  readonly categoryIds: string[];
  /** The content's creation, ISO: when the bot last saw those categories. */
  readonly createdAt: string;
  readonly interventionId: string | null;
  readonly body: string;
}

interface ContentView {
  id: string;
  thread_id: string;
  category_ids: string[];
  created_at: string;
}

const CONCURRENCY = 16;

/**
 * `count` customer messages on `sourceId`, each a new thread (control API, not rate limited); with
 * `openIntervention`, the bot's `POST /1.0/interventions` on each (as bot-responder does before
 * replying), so handover's agent note goes on that open intervention.
 */
export async function seedThreads(
  simulatorUrl: string,
  options: { count: number; sourceId: string; openIntervention: boolean; setupToken: string; label: string },
): Promise<{ threads: SeededThread[]; seconds: number }> {
  const started = performance.now();
  const prefix = randomBytes(3).toString('hex');
  const threads: SeededThread[] = new Array<SeededThread>(options.count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const index = next++;
      const body = `Je voudrais parler à un conseiller, s'il vous plaît. [bench ${options.label} ${prefix}-${index}]`;
      const content = await postJson<ContentView>(`${simulatorUrl}/_control/customer-messages`, {
        source_id: options.sourceId,
        body,
      });
      let interventionId: string | null = null;
      if (options.openIntervention) {
        const intervention = await postForm<{ id: string }>(
          `${simulatorUrl}/1.0/interventions`,
          { content_id: content.id },
          options.setupToken,
        );
        interventionId = intervention.id;
      }
      threads[index] = {
        threadId: content.thread_id,
        contentId: content.id,
        sourceId: options.sourceId,
        categoryIds: content.category_ids,
        createdAt: content.created_at,
        interventionId,
        body,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, options.count) }, worker));
  return { threads, seconds: (performance.now() - started) / 1_000 };
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    throw new Error(`POST ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  return (await response.json()) as T;
}

async function postForm<T>(url: string, params: Record<string, string>, token: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Bearer ${token}`,
      accept: 'application/json',
    },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    throw new Error(`POST ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  return (await response.json()) as T;
}
