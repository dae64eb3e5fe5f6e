import { type BotEvent } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type EmergencyView } from '../replies/reply.decider';
import { type EmergencySwitch } from './emergency-switch.entity';

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

  /** The switch in force at `at` (message time), and the one in force now. */
  async emergencies(at: string): Promise<EmergencyView[]> {
    const rows: Array<{ active: boolean; source_ids: string[] | null }> = await this.manager.query(
      `(SELECT active, source_ids FROM emergency_switch WHERE issued_at <= $1 ORDER BY issued_at DESC LIMIT 1)
       UNION ALL
       (SELECT active, source_ids FROM emergency_switch ORDER BY issued_at DESC LIMIT 1)`,
      [at],
    );
    return rows.map((row) => ({ active: row.active, sourceIds: row.source_ids }));
  }

  async saveEmergencySwitch(command: EmergencySwitch): Promise<void> {
    await this.manager.query(
      `INSERT INTO emergency_switch (command_id, active, source_ids, issued_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [command.commandId, command.active, command.sourceIds, command.issuedAt],
    );
  }
}
