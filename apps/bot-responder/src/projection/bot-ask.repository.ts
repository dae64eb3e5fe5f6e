import { type EntityManager } from 'typeorm';
import { type ContentFact } from './content-fact';

export interface AnsweredTurn {
  asked: ContentFact[];
  waiting: ContentFact[];
}

/** The bot's turns in flight (bot_ask), inside the batch transaction it is given. */
export class BotAskRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Adds the message to the messages waiting for the bot's answer, if the bot is being asked on its
   * thread: true when it was (the message is then given with the next turn). A message already held
   * (a redelivery) is not added twice.
   */
  async waitIfAsking(fact: ContentFact): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `WITH held AS (
         UPDATE bot_ask
         SET waiting = CASE WHEN jsonb_path_exists(asked || waiting, '$[*] ? (@.contentId == $id)',
             jsonb_build_object('id', $2::text)) THEN waiting ELSE waiting || jsonb_build_array($3::jsonb) END
         WHERE thread_id = $1
         RETURNING 1)
       SELECT 1 FROM held`,
      [fact.threadId, fact.contentId, JSON.stringify(fact)],
    );
    return rows.length > 0;
  }

  async startTurn(threadId: string, turnId: string, asked: readonly ContentFact[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO bot_ask (thread_id, turn_id, asked) VALUES ($1, $2, $3)
       ON CONFLICT (thread_id) DO UPDATE SET turn_id = EXCLUDED.turn_id, asked = EXCLUDED.asked,
         waiting = '[]', asked_at = now()`,
      [threadId, turnId, JSON.stringify(asked)],
    );
  }

  /** The turn the bot answered, removed; null when it is not the one in flight (already decided). */
  async finishTurn(threadId: string, turnId: string): Promise<AnsweredTurn | null> {
    const rows: AnsweredTurn[] = await this.manager.query(
      `WITH finished AS (DELETE FROM bot_ask WHERE thread_id = $1 AND turn_id = $2 RETURNING asked, waiting)
       SELECT asked, waiting FROM finished`,
      [threadId, turnId],
    );
    return rows[0] ?? null;
  }
}
