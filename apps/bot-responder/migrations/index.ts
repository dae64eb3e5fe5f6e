import { CreateBotResponderProjection1795476141955 } from './1795476141955-CreateBotResponderProjection';

export const BOT_RESPONDER_MIGRATIONS = [CreateBotResponderProjection1795476141955];
