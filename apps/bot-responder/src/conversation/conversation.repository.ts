import { type BotEvent } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type EmergencyView } from '../replies/reply.decider';
import { EmergencyState } from './emergency-state.entity';

const EMERGENCY_ROW = 'emergency';

/** Decisions and the emergency switch, inside the batch transaction it is given (threads: ThreadStore). */
export class ConversationRepository {
  constructor(private readonly manager: EntityManager) {}

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
