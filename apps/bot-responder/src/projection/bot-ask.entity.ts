import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type ContentFact } from './content-fact';

/**
 * A thread whose bot is being asked: the turn in flight (an `ask_bot` effect) and the customer's
 * messages that came since, given to the bot together as the next turn once it has answered. Live
 * state of the decision, not projection: replay does not rebuild it.
 */
@Entity({ name: 'bot_ask' })
export class BotAsk {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  /** The ask effect's id, `ask:<first content id>`: an answer to another turn is not this one's. */
  @Column({ name: 'turn_id', type: 'text' })
  turnId!: string;

  /** The messages of the turn in flight, oldest first. */
  @Column({ type: 'jsonb' })
  asked!: ContentFact[];

  /** Messages that came while the bot was thinking, oldest first. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  waiting!: ContentFact[];

  @Column({ name: 'asked_at', type: 'timestamptz', default: () => 'now()' })
  askedAt!: Date;
}
