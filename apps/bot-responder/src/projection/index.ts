import { BotAsk } from './bot-ask.entity';
import { BotDecision } from './bot-decision.entity';
import { BotOwnIdentity } from './bot-own-identity.entity';
import { BotPendingTurn } from './bot-pending-turn.entity';
import { BotThread } from './bot-thread.entity';
import { BotThreadRouting } from './bot-thread-routing.entity';
import { BotThreadTurns } from './bot-thread-turns.entity';
import { EmergencySwitch } from './emergency-switch.entity';

export {
  BotAsk,
  BotDecision,
  BotOwnIdentity,
  BotPendingTurn,
  BotThread,
  BotThreadRouting,
  BotThreadTurns,
  EmergencySwitch,
};

/** Every table of the schema; replay rebuilds and compares PROJECTION_TABLES only. */
export const PROJECTION_ENTITIES = [
  BotThread,
  BotThreadTurns,
  BotThreadRouting,
  BotDecision,
  EmergencySwitch,
  BotPendingTurn,
  BotAsk,
  BotOwnIdentity,
];
/** The projection; bot_pending_turn, bot_ask and bot_own_identity are live decision state, not rebuilt by replay. */
export const PROJECTION_TABLES = [
  'bot_thread',
  'bot_thread_turns',
  'bot_thread_routing',
  'bot_decision',
  'emergency_switch',
];
