import { CreateBotResponderProjection1795477682381 } from './1795477682381-CreateBotResponderProjection';

export const BOT_RESPONDER_MIGRATIONS = [CreateBotResponderProjection1795477682381];
