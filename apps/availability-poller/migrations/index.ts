import { CreateAvailabilityPollerState1795484506973 } from './1795484506973-CreateAvailabilityPollerState';
import { AddAgentRefreshRetry1796529663668 } from './1796529663668-AddAgentRefreshRetry';
import { DropPollerCallStarts1796582400001 } from './1796582400001-DropPollerCallStarts';

export const AVAILABILITY_POLLER_MIGRATIONS = [
  CreateAvailabilityPollerState1795484506973,
  AddAgentRefreshRetry1796529663668,
  DropPollerCallStarts1796582400001,
];
