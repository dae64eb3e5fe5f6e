import { setTimeout as pace } from 'node:timers/promises';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../infra';
import { freePort } from '../infra/free-port.util';
import { type ApiCallRecord } from '../support/bot-stack';
import { type HandoverProcess, type ProcessExit, spawnHandover } from '../support/handover-process';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';

const W = WALKTHROUGH;
const CUSTOMERS = 100;
/** Threads handed over (a 200 on their update_categories) before each SIGKILL. */
const KILL_AT = [15, 45, 75];
/** Load pacing of the customer stream, so the first kills land while requests still arrive. */
const PACE_MS = 60;
/** handover's share of the quota: spreads its platform calls over the whole run. */
const CALLS_PER_SECOND = 40;
/** The platform's answer time (RCED's is 100 ms or more): a call is in flight long enough to be cut. */
const LATENCY_MS = 30;
const HUMAN_PLEASE = 'I want to talk to a human';

interface EffectRow {
  id: string;
  kind: string;
  sequence_key: string;
  status: string;
  attempts: number;
  outcome_unknown: boolean;
  last_error: string | null;
}

const DIAGNOSTIC_QUERIES = [
  'SELECT topic, partition, next_offset FROM handover.consumer_checkpoint ORDER BY 1, 2',
  `SELECT id, status, attempts, outcome_unknown, last_error FROM handover.effect
   WHERE status <> 'done' OR attempts > 1 ORDER BY seq LIMIT 40`,
  'SELECT route, count(*)::int AS n FROM handover.thread_route GROUP BY route',
  'SELECT count(*)::int AS unsent FROM handover.outbox_message WHERE sent_at IS NULL',
  `SELECT r.thread_id, o.value::jsonb->>'type' AS type, o.value::jsonb->>'trigger' AS trigger
   FROM handover.thread_route r JOIN handover.outbox_message o ON o.key = r.thread_id
   WHERE r.route <> 'AGENT' ORDER BY o.id LIMIT 20`,
];

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  }
  return counts;
}

/**
 * bot-responder in-process, handover as its own process (from source), killed with SIGKILL three
 * times while it works through a burst of 100 handovers on the asynchronous (email) source, and
 * restarted: the platform's own record must show each decision executed exactly once.
 */
describe('handover process', () => {
  let stack: HandoverStack;
  let handover: HandoverProcess | undefined;
  const outputs: string[] = [];

  /** When the current incarnation was spawned: the effects it claimed are updated after. */
  let spawnedAt = new Date();

  const startHandover = async (): Promise<HandoverProcess> => {
    spawnedAt = new Date();
    const started = spawnHandover(
      {
        ...stack.handoverEnv,
        // A killed attempt is taken over (and reconciled) soon after the restart.
        EFFECT_LEASE_MS: '2000',
        ENGAGE_QUOTA_CALLS: String(CALLS_PER_SECOND),
        ENGAGE_QUOTA_WINDOW_MS: '1000',
        ENGAGE_QUOTA_RESERVED_FOR_REPLIES: '0',
        // Only the kills may leave an outcome unknown: no timeout of a slow answer on a busy machine.
        ENGAGE_TIMEOUT_MS: '10000',
        LOG_LEVEL: process.env.TEST_HANDOVER_LOG_LEVEL ?? 'warn',
      },
      await freePort(),
    );
    handover = started;
    await started.live();
    return started;
  };

  const explain = async (message: string): Promise<string> => {
    const lines = [message];
    for (const sql of DIAGNOSTIC_QUERIES) {
      const rows = await stack.query(sql).catch((error: Error) => [error.message]);
      lines.push(sql, JSON.stringify(rows));
    }
    // A thread that did not end AGENT: what RCED issued on it, and what handover recorded of its calls.
    const astray: Array<{ thread_id: string }> = await stack
      .query<{ thread_id: string }>(
        `SELECT thread_id FROM handover.thread_route WHERE route <> 'AGENT' LIMIT 3`,
      )
      .catch(() => []);
    for (const { thread_id: threadId } of astray) {
      const timeline = await stack.control('GET', `/_control/threads/${threadId}/timeline`).catch(() => null);
      const events = (timeline?.events ?? []) as unknown as Array<{
        issued_at: string;
        type: string;
        user_id?: string;
        resource?: { metadata?: { category_ids?: string[] } };
      }>;
      lines.push(
        `--- RCED timeline of ${threadId} ---`,
        ...events.map((event) =>
          JSON.stringify([
            event.issued_at,
            event.type,
            event.user_id,
            event.resource?.metadata?.category_ids,
          ]),
        ),
        JSON.stringify(
          await stack.query(
            `SELECT (SELECT row_to_json(r) FROM handover.thread_recategorization r WHERE thread_id = $1) AS applied,
                    (SELECT json_agg(json_build_object('kind', kind, 'status', status, 'attempts', attempts,
                       'updated_at', updated_at, 'result', result) ORDER BY seq) FROM handover.effect WHERE sequence_key = $1) AS effects`,
            [threadId],
          ),
        ),
      );
    }
    lines.push(
      ...outputs.map((output, i) => `--- handover #${i + 1} output ---\n${output.slice(-6_000)}`),
      `--- current handover output ---\n${handover?.output().slice(-6_000) ?? ''}`,
    );
    return lines.join('\n');
  };

  beforeAll(async () => {
    stack = await startHandoverStack();
    for (const endpoint of ['PUT /content_threads/:id/update_categories', 'POST /contents']) {
      await stack.control('PUT', '/_control/faults', { endpoint, latency_ms: LATENCY_MS });
    }
    await stack.startBot();
  }, 120_000);

  afterAll(async () => {
    if (handover?.alive()) {
      handover.child.kill('SIGKILL');
      await handover.exit;
    }
    await stack?.close();
  }, 60_000);

  it('should execute each handover decision exactly once when the process is killed with SIGKILL during a burst and restarted', async () => {
    const startedAt = Date.now();
    let current = await startHandover();
    const customers: { id: string; threadId: string }[] = [];
    const threadIds = new Set<string>();
    const exits: ProcessExit[] = [];
    const killedAt: number[] = [];
    const handedOverAtKill: number[] = [];
    const inFlightAtKill: number[] = [];

    const handedOver = async (): Promise<number> =>
      new Set(
        (await stack.recategorizations())
          .filter((call) => call.status === 200 && threadIds.has(threadOf(call)))
          .map(threadOf),
      ).size;

    let sentAt = 0;
    const sending = (async () => {
      for (let i = 0; i < CUSTOMERS; i += 1) {
        const asked = await stack.customerSays(HUMAN_PLEASE, undefined, W.emailSourceId);
        customers.push({ id: String(asked.id), threadId: String(asked.thread_id) });
        threadIds.add(String(asked.thread_id));
        await pace(PACE_MS);
      }
      sentAt = Date.now();
    })();
    sending.catch(() => undefined);

    /** Effects this incarnation claimed and has not settled: its platform calls in flight. */
    const claimedInFlight = async (): Promise<number> =>
      (
        await stack.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM handover.effect
           WHERE status = 'pending' AND outcome_unknown AND updated_at >= $1`,
          [spawnedAt],
        )
      )[0].n;

    for (const threshold of KILL_AT) {
      // This incarnation has handed threads over itself, and has platform calls in flight: the kill
      // lands on a process at work, between a call and the record of its outcome.
      const before = handedOverAtKill.at(-1) ?? 0;
      const count = await pollUntil(
        async () => {
          const n = await handedOver();
          return n >= threshold && n > before && n;
        },
        { timeoutMs: 60_000, intervalMs: 50, description: `handover #${exits.length + 1} to hand over` },
      ).catch(async (error: Error) => {
        throw new Error(await explain(error.message));
      });
      await pollUntil(async () => (await claimedInFlight()) > 0, {
        timeoutMs: 30_000,
        intervalMs: 5,
        description: `handover #${exits.length + 1} to have platform calls in flight`,
      }).catch(async (error: Error) => {
        throw new Error(await explain(error.message));
      });
      handedOverAtKill.push(count);
      current.child.kill('SIGKILL');
      killedAt.push(Date.now());
      exits.push(await current.exit);
      outputs.push(current.output());
      // Claimed by the dead process and not settled: their outcome is unknown to the next one.
      inFlightAtKill.push(await claimedInFlight());
      current = await startHandover();
    }
    await sending;

    // At rest: every thread AGENT and no effect left to run, before counting the platform's calls.
    await pollUntil(
      async () => {
        const [{ agent }] = await stack.query<{ agent: number }>(
          `SELECT count(*)::int AS agent FROM handover.thread_route WHERE route = 'AGENT' AND thread_id = ANY($1)`,
          [[...threadIds]],
        );
        const [{ pending }] = await stack.query<{ pending: number }>(
          `SELECT count(*)::int AS pending FROM handover.effect WHERE status = 'pending'`,
        );
        return agent === CUSTOMERS && pending === 0;
      },
      { timeoutMs: 90_000, intervalMs: 250, description: `the ${CUSTOMERS} threads handed over, at rest` },
    ).catch(async (error: Error) => {
      throw new Error(await explain(error.message));
    });
    const restAt = Date.now();

    const calls = await stack.apiCalls();
    const effects = await stack.query<EffectRow>(
      'SELECT id, kind, sequence_key, status, attempts, outcome_unknown, last_error FROM handover.effect ORDER BY seq',
    );

    // update_categories, counted in CALLS: a second PUT of the same full set would not show on the thread.
    const recategorizations = calls.filter(
      (call) =>
        call.method === 'PUT' && call.path.endsWith('/update_categories') && threadIds.has(threadOf(call)),
    );
    const answeredAt = new Map<string, number[]>();
    for (const call of recategorizations.filter((c) => c.status === 200)) {
      answeredAt.set(threadOf(call), [...(answeredAt.get(threadOf(call)) ?? []), call.at]);
    }
    const never = [...threadIds].filter((id) => !answeredAt.has(id));
    const twice = [...answeredAt]
      .filter(([, times]) => times.length > 1)
      .map(([threadId, times]) => ({
        threadId,
        callsAt: times,
        killsAt: killedAt.filter((k) => k >= times[0] && k < times.at(-1)!),
        effects: effects
          .filter((e) => e.sequence_key === threadId && e.kind === 'update_categories')
          .map(({ id, attempts, status }) => ({ id, attempts, status })),
      }));
    // The PUT reached the platform, the process died before recording it done, the next one sent it
    // again (update_categories has no reconcile): at-least-once for an idempotent call. Every other
    // second call would be a plain bug.
    const retriedAfterKill = twice.filter(
      ({ callsAt, effects: [recategorize] }) =>
        (recategorize?.attempts ?? 0) >= callsAt.length &&
        callsAt.slice(1).every((at, i) => killedAt.some((k) => k >= callsAt[i] && k < at)),
    );
    const notExplainedByAKill = twice.filter((double) => !retriedAfterKill.includes(double));

    // The agent's note, an intervention comment (not idempotent): one POST and one comment per customer
    // request, whatever happened; none of it ever reaches the customer.
    const notePosts = calls.filter(
      (call) => call.method === 'POST' && call.path === '/1.0/intervention_comments' && call.status === 200,
    );
    const commentsOf = new Map<string, Array<{ body: string; intervention_id: string }>>();
    const customerSaw = new Map<string, string[]>();
    for (const { threadId } of customers) {
      const view = await stack.agentView(threadId);
      commentsOf.set(threadId, view.comments as unknown as Array<{ body: string; intervention_id: string }>);
      customerSaw.set(
        threadId,
        (await stack.customerView(threadId)).map((line) => line.body),
      );
    }
    // A POST whose comment is not on the platform would show as a thread of 'unknown'.
    const threadOfIntervention = (interventionId: string): string =>
      [...commentsOf].find(([, comments]) =>
        comments.some((c) => c.intervention_id === interventionId),
      )?.[0] ?? 'unknown';
    const postsPerThread = countBy(notePosts, (call) =>
      threadOfIntervention(String(call.params.intervention_id)),
    );
    const notesNotOnce = customers
      .filter(({ threadId }) => commentsOf.get(threadId)?.length !== 1 || postsPerThread.get(threadId) !== 1)
      .map(({ id, threadId }) => ({
        id,
        threadId,
        notes: commentsOf.get(threadId)?.length ?? 0,
        posts: postsPerThread.get(threadId) ?? 0,
      }));

    const retried = effects.filter((e) => e.attempts > 1);
    process.stdout.write(
      `handover crash test: handed over at each kill ${JSON.stringify(handedOverAtKill)} ` +
        `(thresholds ${JSON.stringify(KILL_AT)}), claimed in flight at each kill ${JSON.stringify(inFlightAtKill)}, ` +
        `effects taken over after a kill ${JSON.stringify(Object.fromEntries(countBy(retried, (e) => e.kind)))}, ` +
        `update_categories sent twice ${twice.length} (after a kill ${retriedAfterKill.length}), ` +
        `agent notes not once ${notesNotOnce.length}; ` +
        `stream sent in ${sentAt - startedAt} ms, at rest ${restAt - sentAt} ms later\n`,
    );
    if (never.length + twice.length + notesNotOnce.length > 0) {
      process.stderr.write(
        await explain(
          `not exactly once: ${JSON.stringify({ never, twice, notesNotOnce })}; kills at ${JSON.stringify(killedAt)}`,
        ),
      );
    }

    expect(notesNotOnce).toEqual([]);
    // On the request's thread, written for the agent from the bot's conversation, never shown to the customer.
    for (const { threadId } of customers) {
      const [note] = commentsOf.get(threadId)!;
      expect(note.body).toContain(HUMAN_PLEASE);
      expect(customerSaw.get(threadId)!.some((body) => body.includes('Handover from the bot'))).toBe(false);
    }

    // Exactly the AGENT category (the email source's default [BOT] − BOT + AGENT), never refused.
    expect(recategorizations.map((call) => [call.status, call.params.thread_category_ids])).toEqual(
      recategorizations.map(() => [200, [W.agentCategoryId]]),
    );
    expect(never).toEqual([]);
    for (const threadId of [...threadIds].slice(0, 5)) {
      const timeline = await stack.control('GET', `/_control/threads/${threadId}/timeline`);
      expect((timeline.thread as { thread_category_ids: string[] }).thread_category_ids).toEqual([
        W.agentCategoryId,
      ]);
    }

    // handover's own record: every thread AGENT, two effects per thread, all done, none failed.
    const routes = await stack.query<{ route: string; n: number }>(
      'SELECT route, count(*)::int AS n FROM handover.thread_route WHERE thread_id = ANY($1) GROUP BY route',
      [[...threadIds]],
    );
    expect(routes).toEqual([{ route: 'AGENT', n: CUSTOMERS }]);
    expect(effects.filter((e) => e.status === 'failed')).toEqual([]);
    expect(countBy(effects, (e) => `${e.kind}:${e.status}`)).toEqual(
      new Map([
        ['update_categories:done', CUSTOMERS],
        ['agent_note:done', CUSTOMERS],
      ]),
    );

    // Each kill hit a live process, and at least one cut platform calls in flight (the case under
    // test; a call may settle between the probe and the kill, so not every kill can be made to cut
    // one); the last incarnation still serves.
    expect(exits).toEqual(KILL_AT.map(() => ({ code: null, signal: 'SIGKILL' })));
    expect(inFlightAtKill.some((n) => n > 0)).toBe(true);
    expect(current.alive()).toBe(true);
    expect((await fetch(`${current.url}/health/live`)).status).toBe(200);

    // Last, so that everything above is known to hold when it fails: exactly ONE update_categories
    // answered 200 per thread. A second PUT after a kill (retriedAfterKill) is deliberately not
    // accepted: whether at-least-once is acceptable for this idempotent call is an open decision.
    expect({ retriedAfterKill, notExplainedByAKill }).toEqual({
      retriedAfterKill: [],
      notExplainedByAKill: [],
    });
    expect([...threadIds].map((id) => answeredAt.get(id)?.length ?? 0)).toEqual([...threadIds].map(() => 1));
  }, 240_000);
});

function threadOf(call: ApiCallRecord): string {
  return call.path.split('/')[3];
}
