import { CreateBotResponderProjection1795480024048 } from './1795480024048-CreateBotResponderProjection';

export const BOT_RESPONDER_MIGRATIONS = [CreateBotResponderProjection1795480024048];
