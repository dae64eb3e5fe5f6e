import { BotDecision } from './bot-decision.entity';
import { BotThread } from './bot-thread.entity';
import { BotThreadRouting } from './bot-thread-routing.entity';
import { BotThreadTurns } from './bot-thread-turns.entity';
import { EmergencySwitch } from './emergency-switch.entity';

export { BotDecision, BotThread, BotThreadRouting, BotThreadTurns, EmergencySwitch };

/** The projection replay rebuilds and compares (the runtime tables are not part of it). */
export const PROJECTION_ENTITIES = [
  BotThread,
  BotThreadTurns,
  BotThreadRouting,
  BotDecision,
  EmergencySwitch,
];
export const PROJECTION_TABLES = [
  'bot_thread',
  'bot_thread_turns',
  'bot_thread_routing',
  'bot_decision',
  'emergency_switch',
];
