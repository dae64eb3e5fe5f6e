import { CreateBotResponderProjection1795476846282 } from './1795476846282-CreateBotResponderProjection';

export const BOT_RESPONDER_MIGRATIONS = [CreateBotResponderProjection1795476846282];
