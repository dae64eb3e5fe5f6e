import { BotDecision } from './bot-decision.entity';
import { BotThread } from './bot-thread.entity';
import { EmergencyState } from './emergency-state.entity';

export { BotDecision, BotThread, EmergencyState };

/** The projection replay rebuilds and compares (the runtime tables are not part of it). */
export const PROJECTION_ENTITIES = [BotThread, BotDecision, EmergencyState];
export const PROJECTION_TABLES = ['bot_thread', 'bot_decision', 'emergency_state'];
