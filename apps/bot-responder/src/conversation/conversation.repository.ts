import {
  type BotEvent,
  applyEmergencySwitch,
  type EmergencyCoverage,
  NO_EMERGENCY,
} from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type ContentFact } from '../replies/content-fact';
import { type EmergencySwitch } from './emergency-switch.entity';

/**
 * Decisions, the emergency switches, messages waiting for a read and our own identities, inside the
 * batch transaction it is given (threads: ThreadStore).
 */
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

  /** What the switches covered at `at` (message time), and what they cover now (they compose). */
  async emergencies(at: string): Promise<EmergencyCoverage[]> {
    const rows: Array<{ active: boolean; source_ids: string[] | null; issued_at: string }> =
      await this.manager.query(
        `SELECT active, source_ids, issued_at FROM emergency_switch ORDER BY issued_at, command_id`,
      );
    let then = NO_EMERGENCY;
    let now = NO_EMERGENCY;
    for (const row of rows) {
      const next = { active: row.active, sourceIds: row.source_ids };
      now = applyEmergencySwitch(now, next);
      then = row.issued_at <= at ? applyEmergencySwitch(then, next) : then;
    }
    return [then, now];
  }

  async savePendingTurn(fact: ContentFact): Promise<void> {
    await this.manager.query(
      `INSERT INTO bot_pending_turn (content_id, thread_id, fact) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [fact.contentId, fact.threadId, JSON.stringify(fact)],
    );
  }

  /** The message waiting for its thread's read, removed; null when none waits (already decided). */
  async takePendingTurn(contentId: string): Promise<ContentFact | null> {
    // Through a CTE: TypeORM's query() wraps the rows of a bare DELETE … RETURNING with a row count.
    const rows: Array<{ fact: ContentFact }> = await this.manager.query(
      `WITH taken AS (DELETE FROM bot_pending_turn WHERE content_id = $1 RETURNING fact) SELECT fact FROM taken`,
      [contentId],
    );
    return rows[0]?.fact ?? null;
  }

  async saveOwnIdentity(identityId: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO bot_own_identity (identity_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [identityId],
    );
  }

  async isOwnIdentity(identityId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `SELECT 1 FROM bot_own_identity WHERE identity_id = $1`,
      [identityId],
    );
    return rows.length > 0;
  }

  async saveEmergencySwitch(command: EmergencySwitch): Promise<void> {
    await this.manager.query(
      `INSERT INTO emergency_switch (command_id, active, source_ids, issued_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [command.commandId, command.active, command.sourceIds, command.issuedAt],
    );
  }
}
