import { CreateBotResponderProjection1795480024048 } from './1795480024048-CreateBotResponderProjection';
import { CreateBotThreadRouting1795485584715 } from './1795485584715-CreateBotThreadRouting';
import { AddThreadCategoryReads1796529766961 } from './1796529766961-AddThreadCategoryReads';
import { AddBotAsks1796620000000 } from './1796620000000-AddBotAsks';

export const BOT_RESPONDER_MIGRATIONS = [
  CreateBotResponderProjection1795480024048,
  CreateBotThreadRouting1795485584715,
  AddThreadCategoryReads1796529766961,
  AddBotAsks1796620000000,
];
