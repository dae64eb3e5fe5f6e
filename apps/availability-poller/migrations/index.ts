import { CreateAvailabilityPollerState1795484506973 } from './1795484506973-CreateAvailabilityPollerState';

export const AVAILABILITY_POLLER_MIGRATIONS = [CreateAvailabilityPollerState1795484506973];
