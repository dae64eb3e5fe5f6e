import { type BatchScope, writeBlind } from '@handover/event-runtime';
import { emptyThread, type ThreadState } from './thread-state';

const KEY = 'bot-responder.threads';

interface ThreadRow {
  thread_id: string;
  source_id: string | null;
  category_ids: string[] | null;
  categories_at: string | null;
  categories_stale_at: string | null;
  intervention_id: string | null;
  owner_user_id: string | null;
  left_bot_at: string | null;
  last_customer_content_id: string | null;
  last_fact_at: string | null;
  customer_lines: ThreadState['customerLines'] | null;
  bot_turns: number | null;
  consecutive_fallbacks: number | null;
  handover_requested_at: string | null;
  bot_lines: ThreadState['botLines'] | null;
  returned_to_bot_at: string | null;
  moved_at: string | null;
  read_category_ids: string[] | null;
  read_at: string | null;
  read_left_bot_at: string | null;
}

/**
 * The threads a batch touches, read in one query (every record's key is its thread id) and
 * written back in one statement per table just before the batch commits. Facts and turns are
 * written apart: they come from different topics (see BotThreadTurns).
 */
export class ThreadRepository {
  private readonly states = new Map<string, ThreadState>();
  private readonly dirtyFacts = new Set<string>();
  private readonly dirtyTurns = new Set<string>();
  private readonly dirtyRouting = new Set<string>();
  private prefetched = false;

  private constructor(private readonly scope: BatchScope) {}

  static of(scope: BatchScope): ThreadRepository {
    return scope.memo(KEY, () => new ThreadRepository(scope));
  }

  async get(threadId: string): Promise<ThreadState> {
    if (!this.states.has(threadId)) {
      const batchKeys = this.prefetched ? [] : this.scope.records.map((record) => record.key ?? '');
      this.prefetched = true;
      await this.load([...new Set([threadId, ...batchKeys.filter((key) => key !== '')])]);
    }
    return this.states.get(threadId)!;
  }

  /** The facts RCED gave (engage.events.v1). */
  setFacts(state: ThreadState): void {
    this.states.set(state.threadId, state);
    this.dirtyFacts.add(state.threadId);
    this.scope.beforeCommit(KEY, () => this.flush());
  }

  /** The bot's own turns (its decisions and its reads of the thread: bot.events.v1). */
  setTurns(state: ThreadState): void {
    this.states.set(state.threadId, state);
    this.dirtyTurns.add(state.threadId);
    this.scope.beforeCommit(KEY, () => this.flush());
  }

  /** What handover decided (handover.events.v1). */
  setRouting(state: ThreadState): void {
    this.states.set(state.threadId, state);
    this.dirtyRouting.add(state.threadId);
    this.scope.beforeCommit(KEY, () => this.flush());
  }

  private async load(threadIds: string[]): Promise<void> {
    const rows: ThreadRow[] = await this.scope.manager.query(
      `SELECT k.thread_id, f.source_id, f.category_ids, f.categories_at, f.categories_stale_at, f.intervention_id,
              f.owner_user_id, f.left_bot_at, f.last_customer_content_id, f.last_fact_at, f.customer_lines,
              t.bot_turns, t.consecutive_fallbacks, t.handover_requested_at, t.bot_lines, t.read_category_ids,
              t.read_at, t.read_left_bot_at, r.returned_to_bot_at, r.moved_at
       FROM unnest($1::text[]) AS k(thread_id)
       LEFT JOIN bot_thread f ON f.thread_id = k.thread_id
       LEFT JOIN bot_thread_turns t ON t.thread_id = k.thread_id
       LEFT JOIN bot_thread_routing r ON r.thread_id = k.thread_id`,
      [threadIds],
    );
    for (const row of rows) {
      if (!this.states.has(row.thread_id)) {
        this.states.set(row.thread_id, fromRow(row));
      }
    }
  }

  private async flush(): Promise<void> {
    const facts = [...this.dirtyFacts].map((id) => this.states.get(id)!);
    const turns = [...this.dirtyTurns].map((id) => this.states.get(id)!);
    const routing = [...this.dirtyRouting].map((id) => this.states.get(id)!);
    this.dirtyFacts.clear();
    this.dirtyTurns.clear();
    this.dirtyRouting.clear();
    if (routing.length > 0) {
      await writeBlind(
        this.scope.manager,
        `INSERT INTO bot_thread_routing (thread_id, returned_to_bot_at, moved_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(thread_id text, returned_to_bot_at text, moved_at text)
         ON CONFLICT (thread_id) DO UPDATE SET returned_to_bot_at = excluded.returned_to_bot_at,
           moved_at = excluded.moved_at`,
        [
          JSON.stringify(
            routing.map((state) => ({
              thread_id: state.threadId,
              returned_to_bot_at: state.returnedToBotAt,
              moved_at: state.movedAt,
            })),
          ),
        ],
      );
    }
    if (facts.length > 0) {
      await writeBlind(
        this.scope.manager,
        `INSERT INTO bot_thread (thread_id, source_id, category_ids, categories_at, categories_stale_at,
                                 intervention_id, owner_user_id, left_bot_at, last_customer_content_id, last_fact_at,
                                 customer_lines)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(thread_id text, source_id text, category_ids text[],
           categories_at text, categories_stale_at text, intervention_id text, owner_user_id text,
           left_bot_at text, last_customer_content_id text, last_fact_at text, customer_lines jsonb)
         ON CONFLICT (thread_id) DO UPDATE SET source_id = excluded.source_id, category_ids = excluded.category_ids,
           categories_at = excluded.categories_at, categories_stale_at = excluded.categories_stale_at,
           intervention_id = excluded.intervention_id, owner_user_id = excluded.owner_user_id,
           left_bot_at = excluded.left_bot_at, last_customer_content_id = excluded.last_customer_content_id,
           last_fact_at = excluded.last_fact_at, customer_lines = excluded.customer_lines`,
        [JSON.stringify(facts.map(factsRow))],
      );
    }
    if (turns.length > 0) {
      await writeBlind(
        this.scope.manager,
        `INSERT INTO bot_thread_turns (thread_id, bot_turns, consecutive_fallbacks, handover_requested_at, bot_lines,
                                       read_category_ids, read_at, read_left_bot_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(thread_id text, bot_turns int, consecutive_fallbacks int,
           handover_requested_at text, bot_lines jsonb, read_category_ids text[], read_at text, read_left_bot_at text)
         ON CONFLICT (thread_id) DO UPDATE SET bot_turns = excluded.bot_turns,
           consecutive_fallbacks = excluded.consecutive_fallbacks,
           handover_requested_at = excluded.handover_requested_at, bot_lines = excluded.bot_lines,
           read_category_ids = excluded.read_category_ids, read_at = excluded.read_at,
           read_left_bot_at = excluded.read_left_bot_at`,
        [JSON.stringify(turns.map(turnsRow))],
      );
    }
  }
}

function fromRow(row: ThreadRow): ThreadState {
  const empty = emptyThread(row.thread_id);
  return {
    threadId: row.thread_id,
    sourceId: row.source_id ?? empty.sourceId,
    categoryIds: row.category_ids ?? empty.categoryIds,
    categoriesAt: row.categories_at ?? empty.categoriesAt,
    categoriesStaleAt: row.categories_stale_at ?? empty.categoriesStaleAt,
    readCategoryIds: row.read_category_ids ?? empty.readCategoryIds,
    readAt: row.read_at ?? empty.readAt,
    readLeftBotAt: row.read_left_bot_at ?? empty.readLeftBotAt,
    movedAt: row.moved_at ?? empty.movedAt,
    interventionId: row.intervention_id ?? empty.interventionId,
    ownerUserId: row.owner_user_id ?? empty.ownerUserId,
    leftBotAt: row.left_bot_at ?? empty.leftBotAt,
    returnedToBotAt: row.returned_to_bot_at ?? empty.returnedToBotAt,
    lastCustomerContentId: row.last_customer_content_id ?? empty.lastCustomerContentId,
    lastFactAt: row.last_fact_at ?? empty.lastFactAt,
    customerLines: row.customer_lines ?? empty.customerLines,
    botTurns: row.bot_turns ?? empty.botTurns,
    consecutiveFallbacks: row.consecutive_fallbacks ?? empty.consecutiveFallbacks,
    handoverRequestedAt: row.handover_requested_at ?? empty.handoverRequestedAt,
    botLines: row.bot_lines ?? empty.botLines,
  };
}

function factsRow(state: ThreadState): Record<string, unknown> {
  return {
    thread_id: state.threadId,
    source_id: state.sourceId,
    category_ids: state.categoryIds,
    categories_at: state.categoriesAt,
    categories_stale_at: state.categoriesStaleAt,
    intervention_id: state.interventionId,
    owner_user_id: state.ownerUserId,
    left_bot_at: state.leftBotAt,
    last_customer_content_id: state.lastCustomerContentId,
    last_fact_at: state.lastFactAt,
    customer_lines: state.customerLines,
  };
}

function turnsRow(state: ThreadState): Record<string, unknown> {
  return {
    thread_id: state.threadId,
    bot_turns: state.botTurns,
    consecutive_fallbacks: state.consecutiveFallbacks,
    handover_requested_at: state.handoverRequestedAt,
    bot_lines: state.botLines,
    read_category_ids: state.readCategoryIds,
    read_at: state.readAt,
    read_left_bot_at: state.readLeftBotAt,
  };
}
