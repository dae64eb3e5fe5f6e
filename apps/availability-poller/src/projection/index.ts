import { AgentCacheRow } from './agent-cache.entity';
import { PollStateRow } from './poll-state.entity';
import { SourceAvailabilityRow } from './source-availability.entity';
import { SourceChannelRow } from './source-channel.entity';

/** The tables of the availability_poller schema, beside the runtime's (outbox_message, …). */
export const AVAILABILITY_POLLER_ENTITIES = [
  PollStateRow,
  AgentCacheRow,
  SourceChannelRow,
  SourceAvailabilityRow,
];
