import { type BotTurn } from '../bot-engine';

export const ASK_BOT_KIND = 'ask_bot';

/** Ask the bot about a turn (see ReplyReactor); the effect's id is the turn's id. */
export interface AskBotPayload {
  turn: BotTurn;
}
