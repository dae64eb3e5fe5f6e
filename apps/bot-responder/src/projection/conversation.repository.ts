import {
  type BotEvent,
  applyEmergencySwitch,
  type EmergencyCoverage,
  NO_EMERGENCY,
} from '@handover/contracts';
import { writeBlind } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { type ContentFact } from './content-fact';
import { type EmergencySwitch } from './emergency-switch.entity';

/**
 * Decisions, the emergency switches, messages waiting for a read and our own identities, inside the
 * batch transaction it is given (threads: ThreadRepository).
 */
export class ConversationRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * First decision per message wins; a redelivered decision changes nothing. True when it was new
   * (one more round trip: recordDecision when the caller already knows it is).
   */
  async saveDecision(event: BotEvent): Promise<boolean> {
    const inserted: unknown[] = await this.manager.query(
      `${INSERT_DECISION} RETURNING 1`,
      decisionRow(event),
    );
    return inserted.length === 1;
  }

  /** saveDecision() for a decision just made (the reactor checked it is the message's first). */
  async recordDecision(event: BotEvent): Promise<void> {
    await writeBlind(this.manager, INSERT_DECISION, decisionRow(event));
  }

  /**
   * What a decision on a customer's message needs from the projection, in one round trip: the
   * emergency coverage (see emergencies), whether the message was answered or the bot asked about
   * it (a turn it began), whether its author is one of our own identities.
   */
  async decisionContext(
    at: string,
    contentId: string,
    authorId: string | null,
  ): Promise<{
    emergencies: EmergencyCoverage[];
    alreadyAnswered: boolean;
    asked: boolean;
    ownIdentity: boolean;
  }> {
    const [row]: Array<{ switches: SwitchRow[] | null; answered: boolean; asked: boolean; own: boolean }> =
      await this.manager.query(
        `SELECT (SELECT json_agg(json_build_object('active', active, 'source_ids', source_ids, 'issued_at', issued_at)
                 ORDER BY issued_at, command_id) FROM emergency_switch) AS switches,
              EXISTS (SELECT 1 FROM bot_decision WHERE content_id = $1) AS answered,
              EXISTS (SELECT 1 FROM effect WHERE id = 'ask:' || $1) AS asked,
              EXISTS (SELECT 1 FROM bot_own_identity WHERE identity_id = $2) AS own`,
        [contentId, authorId],
      );
    return {
      emergencies: coverageAt(row.switches ?? [], at),
      alreadyAnswered: row.answered,
      asked: row.asked,
      ownIdentity: authorId !== null && row.own,
    };
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

  async saveEmergencySwitch(command: EmergencySwitch): Promise<void> {
    await this.manager.query(
      `INSERT INTO emergency_switch (command_id, active, source_ids, issued_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [command.commandId, command.active, command.sourceIds, command.issuedAt],
    );
  }
}

interface SwitchRow {
  active: boolean;
  source_ids: string[] | null;
  /** RFC 3339 text: compares in time order as a string. */
  issued_at: string;
}

/** What the switches covered at `at` and what they cover now (they compose, in issue order). */
function coverageAt(rows: readonly SwitchRow[], at: string): EmergencyCoverage[] {
  let then = NO_EMERGENCY;
  let now = NO_EMERGENCY;
  for (const row of rows) {
    const next = { active: row.active, sourceIds: row.source_ids };
    now = applyEmergencySwitch(now, next);
    then = row.issued_at <= at ? applyEmergencySwitch(then, next) : then;
  }
  return [then, now];
}

const INSERT_DECISION = `INSERT INTO bot_decision (content_id, thread_id, kind, intent, reason, text, language, occurred_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`;

function decisionRow(event: BotEvent): unknown[] {
  return [
    event.content_id,
    event.thread_id,
    event.type,
    event.intent,
    event.type === 'bot.handover_requested' ? event.reason : null,
    event.text,
    event.language,
    event.occurred_at,
  ];
}
