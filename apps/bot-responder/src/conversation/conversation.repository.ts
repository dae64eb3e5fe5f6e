import { type BotEvent } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type EmergencyView } from '../replies/reply.decider';
import { EmergencyState } from './emergency-state.entity';
import { emptyThread, type ThreadState } from './thread-state';

const EMERGENCY_ROW = 'emergency';

interface ThreadRow {
  source_id: string | null;
  category_ids: string[] | null;
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
}

/** The projection's reads and writes, always inside the batch transaction it is given. */
export class ConversationRepository {
  constructor(private readonly manager: EntityManager) {}

  // Raw SQL on the hot path: one customer message costs several of these per batch, and the
  // query builders cost more CPU than the round trips (measured with npm run bench -- bot).
  async thread(threadId: string): Promise<ThreadState> {
    const rows: ThreadRow[] = await this.manager.query(
      `SELECT f.source_id, f.category_ids, f.intervention_id, f.owner_user_id, f.left_bot_at,
              f.last_customer_content_id, f.last_fact_at, f.customer_lines,
              t.bot_turns, t.consecutive_fallbacks, t.handover_requested_at, t.bot_lines
       FROM (SELECT $1::text AS thread_id) k
       LEFT JOIN bot_thread f ON f.thread_id = k.thread_id
       LEFT JOIN bot_thread_turns t ON t.thread_id = k.thread_id`,
      [threadId],
    );
    const row = rows[0];
    const empty = emptyThread(threadId);
    return {
      threadId,
      sourceId: row.source_id ?? empty.sourceId,
      categoryIds: row.category_ids ?? empty.categoryIds,
      interventionId: row.intervention_id ?? empty.interventionId,
      ownerUserId: row.owner_user_id ?? empty.ownerUserId,
      leftBotAt: row.left_bot_at ?? empty.leftBotAt,
      lastCustomerContentId: row.last_customer_content_id ?? empty.lastCustomerContentId,
      lastFactAt: row.last_fact_at ?? empty.lastFactAt,
      customerLines: row.customer_lines ?? empty.customerLines,
      botTurns: row.bot_turns ?? empty.botTurns,
      consecutiveFallbacks: row.consecutive_fallbacks ?? empty.consecutiveFallbacks,
      handoverRequestedAt: row.handover_requested_at ?? empty.handoverRequestedAt,
      botLines: row.bot_lines ?? empty.botLines,
    };
  }

  /** The facts RCED gave (engage.events.v1). */
  async saveFacts(state: ThreadState): Promise<void> {
    await this.manager.query(
      `INSERT INTO bot_thread (thread_id, source_id, category_ids, intervention_id, owner_user_id, left_bot_at,
                               last_customer_content_id, last_fact_at, customer_lines)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (thread_id) DO UPDATE SET source_id = excluded.source_id, category_ids = excluded.category_ids,
         intervention_id = excluded.intervention_id, owner_user_id = excluded.owner_user_id,
         left_bot_at = excluded.left_bot_at, last_customer_content_id = excluded.last_customer_content_id,
         last_fact_at = excluded.last_fact_at, customer_lines = excluded.customer_lines`,
      [
        state.threadId,
        state.sourceId,
        state.categoryIds,
        state.interventionId,
        state.ownerUserId,
        state.leftBotAt,
        state.lastCustomerContentId,
        state.lastFactAt,
        JSON.stringify(state.customerLines),
      ],
    );
  }

  /** The bot's own turns (its decisions). */
  async saveTurns(state: ThreadState): Promise<void> {
    await this.manager.query(
      `INSERT INTO bot_thread_turns (thread_id, bot_turns, consecutive_fallbacks, handover_requested_at, bot_lines)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (thread_id) DO UPDATE SET bot_turns = excluded.bot_turns,
         consecutive_fallbacks = excluded.consecutive_fallbacks,
         handover_requested_at = excluded.handover_requested_at, bot_lines = excluded.bot_lines`,
      [
        state.threadId,
        state.botTurns,
        state.consecutiveFallbacks,
        state.handoverRequestedAt,
        JSON.stringify(state.botLines),
      ],
    );
  }

  async wasAnswered(contentId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(`SELECT 1 FROM bot_decision WHERE content_id = $1`, [
      contentId,
    ]);
    return rows.length > 0;
  }

  /** First decision per message wins; a redelivered decision changes nothing. */
  async saveDecision(event: BotEvent): Promise<boolean> {
    const inserted: unknown[] = await this.manager.query(
      `INSERT INTO bot_decision (content_id, thread_id, kind, intent, reason, text, language, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1`,
      [
        event.content_id,
        event.thread_id,
        event.type,
        event.intent,
        event.type === 'bot.handover_requested' ? event.reason : null,
        event.text,
        event.language,
        event.occurred_at,
      ],
    );
    return inserted.length === 1;
  }

  async emergency(): Promise<EmergencyView> {
    const rows: Array<{ active: boolean; source_ids: string[] | null }> = await this.manager.query(
      `SELECT active, source_ids FROM emergency_state WHERE id = $1`,
      [EMERGENCY_ROW],
    );
    return { active: rows[0]?.active ?? false, sourceIds: rows[0]?.source_ids ?? null };
  }

  async saveEmergency(state: Omit<EmergencyState, 'id'>): Promise<void> {
    await this.manager.query(
      `INSERT INTO emergency_state (id, active, source_ids, command_id, issued_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET active = excluded.active, source_ids = excluded.source_ids,
         command_id = excluded.command_id, issued_at = excluded.issued_at
       WHERE emergency_state.issued_at <= excluded.issued_at`,
      [EMERGENCY_ROW, state.active, state.sourceIds, state.commandId, state.issuedAt],
    );
  }
}
