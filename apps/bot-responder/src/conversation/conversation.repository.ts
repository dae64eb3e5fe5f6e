import { type BotEvent } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type EmergencyView } from '../replies/reply.decider';
import { BotDecision } from './bot-decision.entity';
import { BotThread } from './bot-thread.entity';
import { EmergencyState } from './emergency-state.entity';
import { emptyThread, type ThreadState } from './thread-state';

const EMERGENCY_ROW = 'emergency';

/** The projection's reads and writes, always inside the batch transaction it is given. */
export class ConversationRepository {
  constructor(private readonly manager: EntityManager) {}

  async thread(threadId: string): Promise<ThreadState> {
    const row = await this.manager.findOneBy(BotThread, { threadId });
    return row ? { ...row } : emptyThread(threadId);
  }

  async saveThread(state: ThreadState): Promise<void> {
    await this.manager.upsert(BotThread, state, ['threadId']);
  }

  async wasAnswered(contentId: string): Promise<boolean> {
    return this.manager.existsBy(BotDecision, { contentId });
  }

  /** First decision per message wins; a redelivered decision changes nothing. */
  async saveDecision(event: BotEvent): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .insert()
      .into(BotDecision)
      .values({
        contentId: event.content_id,
        threadId: event.thread_id,
        kind: event.type,
        intent: event.intent,
        reason: event.type === 'bot.handover_requested' ? event.reason : null,
        text: event.text,
        language: event.language,
        occurredAt: event.occurred_at,
      })
      .orIgnore()
      .execute();
    return (result.identifiers.length > 0 && result.raw instanceof Array && result.raw.length > 0) || false;
  }

  async emergency(): Promise<EmergencyView> {
    const row = await this.manager.findOneBy(EmergencyState, { id: EMERGENCY_ROW });
    return { active: row?.active ?? false, sourceIds: row?.sourceIds ?? null };
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
