import { type BotEvent } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type EmergencyView } from '../replies/reply.decider';
import { BotDecision } from './bot-decision.entity';
import { BotThread } from './bot-thread.entity';
import { BotThreadTurns } from './bot-thread-turns.entity';
import { EmergencyState } from './emergency-state.entity';
import { emptyThread, type ThreadState } from './thread-state';

const EMERGENCY_ROW = 'emergency';

/** The projection's reads and writes, always inside the batch transaction it is given. */
export class ConversationRepository {
  constructor(private readonly manager: EntityManager) {}

  async thread(threadId: string): Promise<ThreadState> {
    const facts = await this.manager.findOneBy(BotThread, { threadId });
    const turns = await this.manager.findOneBy(BotThreadTurns, { threadId });
    return { ...emptyThread(threadId), ...facts, ...turns };
  }

  /** The facts RCED gave (engage.events.v1). */
  async saveFacts(state: ThreadState): Promise<void> {
    const { threadId, sourceId, categoryIds, interventionId, ownerUserId, leftBotAt } = state;
    const { lastCustomerContentId, lastFactAt, customerLines } = state;
    await this.manager.upsert(
      BotThread,
      {
        threadId,
        sourceId,
        categoryIds,
        interventionId,
        ownerUserId,
        leftBotAt,
        lastCustomerContentId,
        lastFactAt,
        customerLines,
      },
      ['threadId'],
    );
  }

  /** The bot's own turns (its decisions). */
  async saveTurns(state: ThreadState): Promise<void> {
    const { threadId, botTurns, consecutiveFallbacks, handoverRequestedAt, botLines } = state;
    await this.manager.upsert(
      BotThreadTurns,
      { threadId, botTurns, consecutiveFallbacks, handoverRequestedAt, botLines },
      ['threadId'],
    );
  }

  async wasAnswered(contentId: string): Promise<boolean> {
    return this.manager.existsBy(BotDecision, { contentId });
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
