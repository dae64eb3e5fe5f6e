import { AgentCacheRow } from './agents/agent-cache.entity';
import { PollStateRow } from './polling/poll-state.entity';
import { SourceAvailabilityRow } from './polling/source-availability.entity';
import { SourceChannelRow } from './sources/source-channel.entity';

/** The tables of the availability_poller schema, beside the runtime's (outbox_message, …). */
export const AVAILABILITY_POLLER_ENTITIES = [
  PollStateRow,
  AgentCacheRow,
  SourceChannelRow,
  SourceAvailabilityRow,
];
