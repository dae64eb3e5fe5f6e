import { type PlatformContext } from './platform-context';
import { type Busyness, type ChannelStatus } from './platform.types';

/** Agents connecting to channels, as GET /1.0/status reports them. */
export class PresenceModel {
  constructor(private readonly ctx: PlatformContext) {}

  /** Without `busyness`, the channel's busyness is computed from the agent's open interventions again. */
  setAgentChannelStatus(
    agentId: string,
    channelId: string,
    status: ChannelStatus,
    busyness?: Busyness,
  ): void {
    const state = this.ctx.state;
    state.user(agentId);
    state.channel(channelId);
    const presence = state.presences.get(agentId) ?? new Map<string, ChannelStatus>();
    presence.set(channelId, status);
    state.presences.set(agentId, presence);
    const pinned = state.pinnedBusyness.get(agentId) ?? new Map<string, Busyness>();
    if (busyness === undefined) {
      pinned.delete(channelId);
    } else {
      pinned.set(channelId, busyness);
    }
    state.pinnedBusyness.set(agentId, pinned);
  }

  disconnectAgent(agentId: string): void {
    const state = this.ctx.state;
    state.user(agentId);
    state.presences.delete(agentId);
    state.pinnedBusyness.delete(agentId);
  }
}
