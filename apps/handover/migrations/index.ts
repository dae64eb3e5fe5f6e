import { CreateHandoverProjection1795484653926 } from './1795484653926-CreateHandoverProjection';
import { FollowPlatformTruth1796531000000 } from './1796531000000-FollowPlatformTruth';

export const HANDOVER_MIGRATIONS = [CreateHandoverProjection1795484653926, FollowPlatformTruth1796531000000];
